"""Evidence for failing checks: the page each one points at, with its row or statement marked.

PDFs: the page is rendered with pypdfium2 from the raw bytes the run stored
(``<warehouse dir>/raw_store/<sha256[:2]>/<sha256>``, the document_id being the sha256) to
``dashboard_pages/<doc>-p<N>.png`` beside dashboard.html — only pages with failing checks, at most
``MAX_PAGES`` of them (errors first), rendered once (the name is derived from the bytes' hash).
The warehouse records no bounding boxes, so the box is found on the page's text layer: the row by
its item name (the line that also carries the subject code wins), a statement by the start and the
end of the sentence the check quotes. No match: the page without a box.
Text, HTML and spreadsheet sources: the page's text (raw.pages) around the line, the line marked.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Optional

from extract.settings import settings

MAX_PAGES = settings().dashboard_max_pages  # GOVBUDGET_DASHBOARD_MAX_PAGES, read at import
SCALE = 1.25
PAGES_DIR = "dashboard_pages"
_QUOTE = re.compile(r"“([^”]{4,})”")


def page_file(document_id: str, page: int) -> str:
    return f"{PAGES_DIR}/{document_id[:16]}-p{int(page)}.png"


def quoted(description) -> str:
    m = _QUOTE.search(description or "")
    return m.group(1) if m else ""


def _search_all(textpage, needle: str, limit: int = 20) -> list[tuple[int, int]]:
    if not needle:
        return []
    out: list = []
    searcher = textpage.search(needle)
    while len(out) < limit:
        hit = searcher.get_next()
        if not hit:
            break
        out.append(hit)
    return out


def _boxes(textpage, index: int, count: int) -> list[tuple]:
    return [textpage.get_charbox(i) for i in range(index, index + count)]


def _band(textpage, bottom: float, top: float, width: float) -> tuple:
    """x extent of the characters whose vertical centre lies within [bottom, top]."""
    xs = []
    for i in range(textpage.count_chars()):
        left, b, r, t = textpage.get_charbox(i)
        if r - left <= 0 or t - b <= 0:
            continue
        if bottom <= (b + t) / 2 <= top:
            xs += [left, r]
    return (min(xs), max(xs)) if xs else (0.0, width)


def _norm(s: Optional[str]) -> str:
    return re.sub(r"\s+", "", s or "")


def find_box(textpage, width: float, height: float, check: dict):
    """The marked area as fractions of the page (left, top, width, height), or None."""
    quote = quoted(check.get("description"))
    spans = []
    if quote:
        for n in (14, 10, 6):
            starts = _search_all(textpage, quote[:n])
            if not starts:
                continue
            ends = _search_all(textpage, quote[-n:]) if len(quote) > n else []
            pairs = [(e[0] - s[0], s, e) for s in starts for e in ends
                     if 0 <= e[0] - s[0] <= len(quote) + 40]
            if pairs:
                _, s, e = min(pairs)
                spans = _boxes(textpage, *s) + _boxes(textpage, *e)
            else:
                spans = _boxes(textpage, *starts[0])
            break
    if not spans and check.get("item_name"):
        code = _norm(check.get("subject_code"))
        best, best_score = None, -1
        for hit in _search_all(textpage, check["item_name"]):
            boxes = _boxes(textpage, *hit)
            b, t = min(x[1] for x in boxes), max(x[3] for x in boxes)
            line = _norm(textpage.get_text_bounded(0, b, width, t))
            score = 2 if code and code in line else 0
            if score > best_score:
                best, best_score = boxes, score
        spans = best or []
    spans = [s for s in spans if s[2] > s[0] and s[3] > s[1]]
    if not spans:
        return None
    bottom, top = min(s[1] for s in spans), max(s[3] for s in spans)
    left, right = _band(textpage, bottom, top, width)
    pad = 3.0
    left, right = max(0.0, left - pad), min(width, right + pad)
    bottom, top = max(0.0, bottom - pad), min(height, top + pad)
    return (round(left / width, 4), round((height - top) / height, 4),
            round((right - left) / width, 4), round((top - bottom) / height, 4))


def _write_png(image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".png")
    os.close(fd)
    try:
        image.save(tmp, format="PNG")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def text_excerpt(text: str, check: dict, around: int = 8):
    """(lines, index of the marked line or None) from a page's text."""
    lines = (text or "").split("\n")
    quote = _norm(quoted(check.get("description")))
    item = _norm(check.get("item_name"))
    code = _norm(check.get("subject_code"))
    found = None
    tests = []
    if quote:
        tests.append(lambda s: quote[:12] in s)
    if item and code:
        tests.append(lambda s: item in s and code in s)
    if item:
        tests.append(lambda s: item in s)
    for test in tests:
        found = next((i for i, line in enumerate(lines) if test(_norm(line))), None)
        if found is not None:
            break
    if found is None:
        return lines[:2 * around + 1], None
    lo = max(0, found - around)
    return lines[lo:found + around + 1], found - lo


def build_evidence(con, failing: list[dict], docs: dict, out_dir: Path) -> dict:
    """{(document_id, page): {...}} for the failing checks' pages, and the boxes per check.

    Returns {"pages": {(doc, page): {"png": relpath} | {"text": page text}},
             "boxes": {index in failing: box or None}, "skipped": pages over the cap}."""
    from flows.dashboard.data import page_texts

    wanted: list[tuple[str, int]] = []
    order = sorted(range(len(failing)), key=lambda i: (failing[i]["severity"] != "error", i))
    for i in order:
        c = failing[i]
        key = (c["document_id"], c["page_number"])
        if c["page_number"] is None or key in wanted or c["document_id"] not in docs:
            continue
        wanted.append(key)
    skipped = max(0, len(wanted) - MAX_PAGES)
    wanted = wanted[:MAX_PAGES]
    store = out_dir / "raw_store"
    pdf_pages = [k for k in wanted if (docs[k[0]].get("format") == "pdf"
                                       and (store / k[0][:2] / k[0]).is_file())]
    text_pages = [k for k in wanted if k not in pdf_pages]
    pages: dict = {}
    boxes: dict = {}
    by_doc: dict = {}
    for doc, page in pdf_pages:
        by_doc.setdefault(doc, []).append(page)
    for doc, nums in sorted(by_doc.items()):
        try:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(store / doc[:2] / doc))
        except Exception:
            text_pages += [(doc, n) for n in nums]
            continue
        try:
            for n in sorted(nums):
                if not 1 <= n <= len(pdf):
                    continue
                page = pdf[n - 1]
                rel = page_file(doc, n)
                target = out_dir / rel
                if not target.is_file():
                    _write_png(page.render(scale=SCALE, grayscale=True).to_pil(), target)
                width, height = page.get_size()
                pages[(doc, n)] = {"png": rel, "w": round(width * SCALE),
                                   "h": round(height * SCALE)}
                textpage = page.get_textpage()
                for i, c in enumerate(failing):
                    if c["document_id"] == doc and c["page_number"] == n:
                        try:
                            boxes[i] = find_box(textpage, width, height, c)
                        except Exception:
                            boxes[i] = None
        finally:
            pdf.close()
    texts = page_texts(con, text_pages)
    for key in text_pages:
        if key in texts:
            pages[key] = {"text": texts[key]}
    keep = {v["png"].split("/", 1)[1] for v in pages.values() if "png" in v}
    folder = out_dir / PAGES_DIR
    if folder.is_dir():
        for f in folder.iterdir():
            if f.suffix == ".png" and f.name not in keep:
                f.unlink(missing_ok=True)
    return {"pages": pages, "boxes": boxes, "skipped": skipped}
