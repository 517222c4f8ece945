"""The same bytes give the same documents whether or not a CJK font is installed (issue 13).

pdfium measures a font a PDF does not embed (SimSun, STSong-Light, …) with a substitute, and
takes it from the system's fonts when one fits: with Debian's fonts-wqy-zenhei or fonts-noto-cjk
installed, glyph boxes moved, pdfium's text page joined and split lines differently, and the
reader read "≤2590元/人.月" as "≤2590元/人." and glued a wrapped 二级指标 to the next cell. The
reader now has pdfium measure text by the document's own fonts and its built-in ones only
(``extract.readers.pdf.objects.document_fonts_only``), and takes each glyph's advance from the document's widths.

The comparison parses the PDFs whose CJK fonts are not embedded (the sample's budget and final
account, Guangzhou ecology bureau's project targets, Yantai finance bureau's budget) twice, each
in a fresh process: once with the installed CJK fonts visible, once with them hidden by empty
mounts over their directories in a private mount namespace (``unshare -m``, as root), and asks
for the same documents row for row: tables (every cell), line items, performance projects and
indicators, page text, metadata, warnings. It is skipped when no CJK font is installed
(scripts/test.sh installs fonts-wqy-zenhei when it runs as root), when the fonts cannot be hidden,
and when pdfium does not take the installed font as a substitute (nothing to compare).
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sample.generate import generate_sample

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
# corpus documents set in CJK fonts they do not embed
CORPUS_DOCS = ("guangdong/guangzhou-ecology-bureau-2026-project-targets.pdf",
               "shandong/yantai-finance-bureau-2026-budget.pdf")
# where pdfium looks for system fonts on Linux (it reads the directories itself, not fontconfig)
FONT_DIRS = ("/usr/share/fonts", "/usr/share/X11/fonts/Type1", "/usr/share/X11/fonts/TTF",
             "/usr/local/share/fonts")
_CJK_NAMES = ("wqy", "cjk", "droidsansfallback", "uming", "ukai", "simsun", "simhei", "msyh",
              "fangsong", "kaiti", "sarasa", "sourcehan", "notoserifsc", "notosanssc")

# A document → canonical lines "file <TAB> field[i] <TAB> JSON" (tables, line items, statistics,
# performance projects and indicators, page text, metadata, warnings), one run per process.
_CANON = r"""
import dataclasses, json, sys
from pathlib import Path

from extract.model import ParseError
from extract.pipeline import parse_document


def canon(o):
    if dataclasses.is_dataclass(o):
        return {f.name: canon(getattr(o, f.name)) for f in dataclasses.fields(o)}
    if isinstance(o, (list, tuple)):
        return [canon(x) for x in o]
    if isinstance(o, dict):
        return {str(k): canon(v) for k, v in o.items()}
    if o is None or isinstance(o, (str, int, float, bool)):
        return o
    return str(o)


for name in sys.argv[1:]:
    path = Path(name)
    try:
        doc = canon(parse_document(path.read_bytes(), path.name, path.name))
    except ParseError as exc:
        doc = {"error": str(exc)}
    for key, value in doc.items():
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            line = json.dumps(item, ensure_ascii=False, sort_keys=True)
            print(f"{path.name}\t{key}[{i}]\t{line}")
"""

# pdfium left to itself (no document_fonts_only): the loose boxes of the first glyphs of a page
# set in a CJK font that is not embedded; they move when pdfium takes an installed font
_PROBE = r"""
import sys
import pypdfium2 as pdfium
import pypdfium2.raw as c

page = pdfium.PdfDocument(sys.argv[1])[int(sys.argv[2])]
tp = page.get_textpage()
r = c.FS_RECTF()
boxes = []
for i in range(min(c.FPDFText_CountChars(tp.raw), 400)):
    c.FPDFText_GetLooseCharBox(tp.raw, i, r)
    boxes.append("%.3f %.3f %.3f %.3f" % (r.left, r.right, r.bottom, r.top))
print(" | ".join(boxes))
"""


def cjk_font_files() -> list[str]:
    """CJK font files where pdfium looks for system fonts."""
    found: set[str] = set()
    if shutil.which("fc-list"):
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True).stdout
        found.update(ln.strip().rstrip(":") for ln in out.splitlines() if ln.strip())
    for d in FONT_DIRS:
        for dirpath, _dirs, files in os.walk(d):
            for f in files:
                if any(k in f.lower().replace("-", "").replace("_", "") for k in _CJK_NAMES):
                    found.add(os.path.join(dirpath, f))
    return sorted(p for p in found if os.path.isfile(p) and any(p.startswith(d + "/") for d in FONT_DIRS))


def _run(code: str, args: list[str], hide: list[str]) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter; with the directories ``hide`` covered by empty mounts
    in a private mount namespace of its own."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="0")
    cmd = [sys.executable, "-c", code, *args]
    if hide:
        mounts = " && ".join(f"mount -t tmpfs none '{d}'" for d in hide)
        cmd = ["unshare", "-m", "sh", "-c", f'{mounts} && exec "$@"', "sh", *cmd]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="module")
def fonts_hidden_and_shown() -> list[str]:
    """The directories to hide; skips when there is nothing to compare or no way to hide."""
    files = cjk_font_files()
    if not files:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-wqy-zenhei; scripts/test.sh "
                    "installs it when run as root): nothing to compare against")
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("hiding the installed CJK fonts needs a private mount namespace (unshare -m) as root")
    dirs = sorted({os.path.dirname(f) for f in files})
    check = _run("import os, sys; sys.exit(any(os.path.exists(f) for f in sys.argv[1:]))", files, dirs)
    if check.returncode != 0:
        pytest.skip(f"cannot hide the CJK fonts in a private mount namespace: {check.stderr.strip()[:300]}")
    return dirs


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> list[str]:
    paths = {p.name: p for p in generate_sample(tmp_path_factory.mktemp("sample_fonts"))}
    out = [str(p) for name, p in sorted(paths.items()) if name.endswith(("-budget.pdf", "-final-account.pdf"))
           and "unit" not in name]
    out += [str(CORPUS / d) for d in CORPUS_DOCS if (CORPUS / d).is_file()]
    return out


def test_substitute_font_would_move_the_glyphs(fonts_hidden_and_shown, docs):
    """The installed CJK font matters to pdfium left to itself (else the comparison below
    proves nothing): a page of the sample's budget in STSong-Light, not embedded."""
    budget = next(d for d in docs if d.endswith("-budget.pdf") and "sample_fonts" in d)
    shown = _run(_PROBE, [budget, "0"], [])
    hidden = _run(_PROBE, [budget, "0"], fonts_hidden_and_shown)
    assert shown.returncode == 0 and hidden.returncode == 0, shown.stderr + hidden.stderr
    if shown.stdout == hidden.stdout:
        pytest.skip("pdfium takes none of the installed CJK fonts as a substitute: nothing to compare")


def test_same_documents_with_and_without_cjk_fonts(fonts_hidden_and_shown, docs):
    shown = _run(_CANON, docs, [])
    hidden = _run(_CANON, docs, fonts_hidden_and_shown)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert hidden.returncode == 0, hidden.stderr[-2000:]
    a, b = hidden.stdout.splitlines(), shown.stdout.splitlines()
    assert len(a) > 500 and all(any(line.startswith(Path(d).name + "\t") for line in a) for d in docs)
    assert any("\tperformance_indicators[" in line for line in a)
    if a != b:
        diff = list(difflib.unified_diff(a, b, "CJK fonts hidden", "CJK fonts installed", n=0, lineterm=""))
        pytest.fail(f"{sum(1 for d in diff if d[:1] in '+-') - 2} lines differ:\n" + "\n".join(
            line[:300] for line in diff[:40]))


# ----------------------------------------------------------------------------------------------
# The quirk, in process, with whatever fonts the machine has (the suite installs one)


@pytest.fixture(scope="module")
def sample_docs(tmp_path_factory):
    from extract.pipeline import parse_document
    from sample import figures as F

    paths = {p.name: p for p in generate_sample(tmp_path_factory.mktemp("sample_quirk"))}
    return {kind: parse_document(paths[name].read_bytes(), name, str(paths[name]))
            for kind, name in (("budget", f"shifan-justice-{F.YEAR}-budget.pdf"),
                               ("final", f"shifan-justice-{F.YEAR}-final-account.pdf"))}


def _indicator(doc, key: str, name: str, period: str = "annual"):
    found = [i for i in doc.performance_indicators
             if i.project_key == key and i.indicator_name == name and i.period == period]
    assert len(found) == 1, [(i.indicator_name, i.period) for i in doc.performance_indicators]
    return found[0]


def _lines_after(text: str, first: str, n: int) -> list[str]:
    lines = text.split("\n")
    assert first in lines, text
    k = lines.index(first)
    return lines[k:k + n]


def test_substitute_cjk_font_keeps_a_value_wrapped_after_its_full_stop_whole(sample_docs):
    """"≤2590元/人.月" is printed "≤2590元/人." / "月" in its cell (STSong-Light, not embedded).
    Measured by a substitute CJK font, pdfium's text page glued the wrapped "月" to the next
    cell's line ("月 月工资 ≤2590元/人.") and the value lost it. The page text and the indicators,
    exactly."""
    doc = sample_docs["budget"]
    assert _lines_after(doc.pages_text[14], "成本指标 经济成本指标 月工资", 7) == [
        "成本指标 经济成本指标 月工资",
        "≤2590元/人.",
        "月",
        "月工资",
        "≤2590元/人.",
        "月",
        "效益指标 社会效益指标 戒毒人员教育矫治覆盖率 100% 戒毒人员教育矫治覆盖率 100%",
    ]
    key = "示范市强制隔离戒毒所|专业人员聘用补贴"
    got = [(i.period, i.level1, i.level2, i.indicator_name, i.target_value, i.target_operator,
            i.target_number, i.target_unit, i.page_number)
           for i in doc.performance_indicators if i.project_key == key and i.indicator_name == "月工资"]
    assert sorted(got) == [
        ("annual", "成本指标", "经济成本指标", "月工资", "≤2590元/人.月", "<=", 2590.0, "元/人.月", 15),
        ("implementation", "成本指标", "经济成本指标", "月工资", "≤2590元/人.月", "<=", 2590.0, "元/人.月", 15),
    ]


def test_substitute_cjk_font_keeps_a_wrapped_level2_cell_in_its_cell(sample_docs):
    """A 二级指标 wrapped before its last word ("服务对象满意度" / "指标") stays on lines of its
    own (a substitute font glued "指标" to the next cell: "指标 考生满意度 ≥90% …"), and the
    indicators read whole, in the target table and in the portrait self-evaluation table."""
    assert _lines_after(sample_docs["budget"].pages_text[13], "满意度指标", 4) == [
        "满意度指标",
        "服务对象满意度",
        "指标",
        "考生满意度 ≥90% 考生满意度 ≥95%",
    ]
    i = _indicator(sample_docs["budget"], "示范市司法局|国家统一法律职业资格考试经费", "考生满意度")
    assert (i.level1, i.level2, i.indicator_name, i.target_value, i.target_operator, i.target_number,
            i.target_unit) == ("满意度指标", "服务对象满意度指标", "考生满意度", "≥95%", ">=", 95.0, "%")
    i = _indicator(sample_docs["final"], "示范市法律援助中心|法律援助业务经费", "受援人满意度")
    assert (i.level1, i.level2, i.indicator_name, i.target_number, i.actual_value) == (
        "满意度指标", "服务对象满意度指标", "受援人满意度", 95.0, "92%")
