"""What the parser makes of a set of documents, as one JSON line per document: every record
``extract.pipeline.parse_document`` returns (tables, cells, line items, statistics, performance
projects and indicators, statements, warnings), or the ParseError's message.

A refactor that moves code must not change a single record: write a digest before and after and
compare the files (``cmp``; ``--diff`` names the first documents and fields that differ).

    .venv/bin/python scripts/parse_digest.py OUT.jsonl [PATH ...]
    .venv/bin/python scripts/parse_digest.py --diff BEFORE.jsonl AFTER.jsonl

PATH defaults to ../shared/seeds, ../shared/corpus (``GOVBUDGET_SHARED`` names another place) and the sample the project generates. Two
worker processes; the output is in path order whatever order they finish in.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import asdict
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the seeds and corpus beside the repository (a worktree elsewhere names them with GOVBUDGET_SHARED)
SHARED = Path(os.environ.get("GOVBUDGET_SHARED", ROOT.parent / "shared")).resolve()
SKIP = {"README.md", "LICENSE"}


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.name not in SKIP)
        else:
            out.append(p)
    return out


def digest_one(path: str) -> str:
    from extract.model import ParseError
    from extract.pipeline import parse_document

    p = Path(path)
    name = p.resolve().relative_to(SHARED) if p.resolve().is_relative_to(SHARED) else p.name
    try:
        doc = parse_document(p.read_bytes(), p.name, p.name)
        record = {"file": str(name), "document": asdict(doc)}
    except ParseError as exc:
        record = {"file": str(name), "error": str(exc)}
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)


def write_digest(out: Path, paths: list[Path]) -> int:
    files = [str(f) for f in _files(paths)]
    with get_context("spawn").Pool(2, maxtasksperchild=1) as pool:
        lines = pool.map(digest_one, files, chunksize=1)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def diff(before: Path, after: Path, limit: int = 10) -> int:
    a = {json.loads(x)["file"]: json.loads(x) for x in before.read_text(encoding="utf-8").splitlines()}
    b = {json.loads(x)["file"]: json.loads(x) for x in after.read_text(encoding="utf-8").splitlines()}
    differing = 0
    for f in sorted(set(a) | set(b)):
        if a.get(f) == b.get(f):
            continue
        differing += 1
        if differing > limit:
            continue
        da, db = (a.get(f) or {}).get("document") or {}, (b.get(f) or {}).get("document") or {}
        fields = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k))
        print(f"{f}: differs in {fields or ['error']}")
    print(f"{differing} of {len(set(a) | set(b))} documents differ")
    return 1 if differing else 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--diff"]:
        return diff(Path(argv[1]), Path(argv[2]))
    out = Path(argv[0])
    paths = [Path(p) for p in argv[1:]]
    if not paths:
        sys.path.insert(0, str(ROOT))
        from sample.generate import generate_sample

        sample = Path(tempfile.mkdtemp(prefix="digest-sample-"))
        generate_sample(sample)
        paths = [SHARED / "seeds", SHARED / "corpus", sample]
    n = write_digest(out, paths)
    print(f"{n} documents -> {out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
