"""The set-up scripts say what they are doing, a line per step, instead of a silent minute."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.conftest import REPO

SCRIPTS = REPO / "scripts"


def _steps_announced(path, slow=(r"-m venv", r"pip install", r"apt-get install",
                                 r"sample\.generate", r"govbudget ingest", r"pytest")):
    """Every slow command is preceded (within its block) by a line saying what it does."""
    lines = path.read_text(encoding="utf-8").splitlines()
    missing = []
    for i, line in enumerate(lines):
        code = line.strip()
        if code.startswith("#") or not any(re.search(p, code) for p in slow):
            continue
        if code.startswith(("say ", "echo ")) or re.match(r'^"?[^"]*"\s*(>&2)?$', code):
            continue
        before = [ln.strip() for ln in lines[max(0, i - 4):i] if ln.strip()
                  and not ln.strip().startswith("#")]
        if not any(b.startswith(("say ", "echo ")) or b.startswith('"') for b in before):
            missing.append(f"{path.name}:{i + 1}: {code}")
    return missing


def test_every_slow_step_is_announced():
    missing = []
    for name in ("setup.sh", "run_sample.sh", "test.sh"):
        missing += _steps_announced(SCRIPTS / name)
    assert not missing, "\n".join(missing)


def test_setup_on_an_installed_venv_says_so():
    stamp = REPO / ".venv" / ".govbudget-installed"
    newest = max((REPO / n).stat().st_mtime for n in ("pyproject.toml", "constraints.txt"))
    if not stamp.exists() or stamp.stat().st_mtime < newest:
        pytest.skip("setup.sh would install now: not run from a test")
    done = subprocess.run(["bash", str(SCRIPTS / "setup.sh")], capture_output=True, text=True,
                          timeout=900, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("setup: ")
    assert "up to date" in done.stderr or "installed in" in done.stderr
