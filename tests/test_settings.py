"""extract.settings: every GOVBUDGET_* variable is one typed field, parsed as the code that used it
did, read when settings() is called, and listed in the README's table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extract.settings import Settings, SettingsError, env_name, markdown_table, settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIRS = ("extract", "flows", "expectations", "sample")
NAME = re.compile(r"\bGOVBUDGET_[A-Z0-9_]*[A-Z0-9]\b")
RAW_READS_ALLOWED = {
    # the raw variable is saved and restored around dbt (the project sets it for dbt's profile)
    ("flows/dbt_runner.py", "GOVBUDGET_WAREHOUSE"),
    # the first start-up mark comes before any import: no pydantic there (its docstring says why)
    ("flows/startup_trace.py", "GOVBUDGET_STARTUP_TRACE"),
}
RAW_READ = re.compile(r"""(?:environ\.get|getenv|environ\[)\(?\s*["'](GOVBUDGET_[A-Z0-9_]+)""")


def _package_files():
    for folder in PACKAGE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".sql", ".yml", ".yaml", ".md"):
                yield path


@pytest.fixture
def env(monkeypatch):
    for field in Settings.model_fields:
        monkeypatch.delenv(env_name(field), raising=False)
    return monkeypatch


def test_every_variable_named_in_the_package_is_a_field():
    fields = {env_name(field) for field in Settings.model_fields}
    named: dict[str, set[str]] = {}
    for path in _package_files():
        for name in NAME.findall(path.read_text(encoding="utf-8", errors="replace")):
            named.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    missing = {name: sorted(where) for name, where in named.items() if name not in fields}
    assert not missing, f"GOVBUDGET_ variables that are not fields of extract.settings: {missing}"
    assert len(fields) >= 31


def test_no_module_reads_a_variable_directly():
    reads = []
    for path in _package_files():
        if path.suffix != ".py" or path == ROOT / "extract" / "settings.py":
            continue
        relative = str(path.relative_to(ROOT))
        for line in path.read_text(encoding="utf-8").splitlines():
            for name in RAW_READ.findall(line):
                writes = re.search(r"environ\[[^]]+\]\s*=(?!=)", line)
                if not writes and (relative, name) not in RAW_READS_ALLOWED:
                    reads.append(f"{relative}: {line.strip()}")
    assert not reads, "read these through extract.settings.settings():\n" + "\n".join(reads)


def test_readme_table_is_the_fields():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README's settings table: python -m extract.settings"
    for field in Settings.model_fields:
        assert f"| `{env_name(field)}` |" in readme
        assert Settings.model_fields[field].description


def test_defaults(env):
    s = settings()
    assert s.warehouse == Path("warehouse/govbudget.duckdb")
    assert (s.workers, s.cache_dir, s.startup_trace) == (None, None, None)
    assert (s.land_batch, s.land_seconds, s.dbt_threads) == (50, 10.0, 4)
    assert (s.max_bytes, s.max_pages, s.parse_timeout) == (200 * 1024 * 1024, 1000, 300.0)
    assert (s.parse_memory_mb, s.ocr_memory_mb, s.ocr_dpi, s.ocr_threads) == (900, 2048, 150, 1)
    assert (s.fetch_timeout, s.fetch_deadline, s.fetch_retries, s.fetch_backoff) == (
        30.0, 600.0, 3, 1.0)
    assert (s.fetch_threads, s.host_concurrency, s.host_interval) == (8, 2, 0.2)
    assert not (s.full_checks or s.always_build or s.allow_private_networks)
    assert s.fast_start and s.startup_cache
    assert (s.pdf_objects, s.schedule_cron, s.dashboard_max_pages) == ("pdfium", "0 2 * * *", 200)
    assert s.schedule_sources == [] and s.schedule_crawl == []


def test_read_at_call_time(env):
    env.setenv("GOVBUDGET_LAND_BATCH", "7")
    assert settings().land_batch == 7
    env.setenv("GOVBUDGET_LAND_BATCH", "8")
    assert settings().land_batch == 8


@pytest.mark.parametrize("value, on", [("1", True), ("true", False), ("yes", False),
                                       ("0", False), ("", False), (" 1", False)])
def test_flags_on_only_for_one(env, value, on):
    for name in ("GOVBUDGET_FULL_CHECKS", "GOVBUDGET_ALWAYS_BUILD",
                 "GOVBUDGET_ALLOW_PRIVATE_NETWORKS"):
        env.setenv(name, value)
    s = settings()
    assert (s.full_checks, s.always_build, s.allow_private_networks) == (on, on, on)


@pytest.mark.parametrize("value, on", [("0", False), ("false", False), (" off ", False),
                                       ("no", False), ("1", True), ("", True), ("FALSE", True),
                                       ("whatever", True)])
def test_flags_off_for_zero_false_no_off(env, value, on):
    env.setenv("GOVBUDGET_FAST_START", value)
    env.setenv("GOVBUDGET_STARTUP_CACHE", value)
    s = settings()
    assert (s.fast_start, s.startup_cache) == (on, on)


def test_numbers_as_python_reads_them(env):
    env.setenv("GOVBUDGET_WORKERS", " 3 ")
    env.setenv("GOVBUDGET_PARSE_TIMEOUT", "1e2")
    env.setenv("GOVBUDGET_MAX_BYTES", "1_000")
    env.setenv("GOVBUDGET_FETCH_RETRIES", "2.9")  # int(float(...)), as FetchPolicy read it
    s = settings()
    assert (s.workers, s.parse_timeout, s.max_bytes, s.fetch_retries) == (3, 100.0, 1000, 2)
    env.setenv("GOVBUDGET_WORKERS", "0")
    assert settings().workers == 0


@pytest.mark.parametrize("name, value, default", [
    ("GOVBUDGET_MAX_PAGES", "lots", 1000), ("GOVBUDGET_DBT_THREADS", "", 4),
    ("GOVBUDGET_FETCH_TIMEOUT", "soon", 30.0), ("GOVBUDGET_FETCH_THREADS", "x", 8),
    ("GOVBUDGET_HOST_INTERVAL", "", 0.2)])
def test_lenient_numbers_fall_back_to_their_default(env, name, value, default):
    env.setenv(name, value)
    assert getattr(settings(), name.removeprefix("GOVBUDGET_").lower()) == default


@pytest.mark.parametrize("name, value", [
    ("GOVBUDGET_WORKERS", "many"), ("GOVBUDGET_LAND_BATCH", ""), ("GOVBUDGET_OCR_DPI", "1.5"),
    ("GOVBUDGET_PARSE_TIMEOUT", "long"), ("GOVBUDGET_MAX_BYTES", "2MB")])
def test_bad_value_is_an_error_naming_the_variable(env, name, value):
    env.setenv(name, value)
    with pytest.raises(SettingsError, match=re.escape(f"{name}={value!r}")):
        settings()
    assert issubclass(SettingsError, ValueError)


def test_paths_words_and_text(env):
    env.setenv("GOVBUDGET_WAREHOUSE", "")
    env.setenv("GOVBUDGET_CACHE_DIR", "")
    assert settings().warehouse == Path("warehouse/govbudget.duckdb")
    assert settings().cache_dir is None
    env.setenv("GOVBUDGET_WAREHOUSE", "/tmp/w.duckdb")
    env.setenv("GOVBUDGET_CACHE_DIR", "~/c")
    assert settings().warehouse == Path("/tmp/w.duckdb")
    assert settings().cache_dir == Path("~/c")  # expanded where it is used
    env.setenv("GOVBUDGET_SCHEDULE_SOURCES", " a.csv  https://x/y.csv\n")
    env.setenv("GOVBUDGET_SCHEDULE_CRON", "")
    assert settings().schedule_sources == ["a.csv", "https://x/y.csv"]
    assert settings().schedule_cron == ""


def test_names_are_case_sensitive(env):
    env.setenv("govbudget_land_batch", "9")
    env.setenv("GOVBUDGET_Land_Batch", "9")
    assert settings().land_batch == 50
