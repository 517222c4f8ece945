"""Fuzz the PDF path with seeded mutations of real corpus PDFs.

Each mutant (byte flips, a truncation, or a duplicated span of one corpus PDF) is parsed in the
worker pool exactly as `govbudget ingest` parses (flows.parse_pool + flows.parse_worker.parse_one,
with the per-document time and memory limits), and classified:

- parsed       a Document came back
- parse_error  a clean ParseError: a message a person understands
- crash        any other exception (flows.parse_worker records it as "parser error (Type): …")
- timeout      the time limit killed the worker
- died         the worker died (memory limit, a segfault in pdfium)

The run is reproducible: mutant k of corpus file f is a function of (--seed, f, k). Crashes are
written to --out (when given) with the exception type so they can be replayed:
`python scripts/fuzz_pdfs.py --replay FILE` parses one file in-process and prints the traceback.

    python scripts/fuzz_pdfs.py --per-file 25 --seed 1 --timeout 60 --memory-mb 900
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_FILES = (
    "jiangsu-province/cppcc-office-2018-budget-tables.pdf",
    "shanghai-putuo/putuo-justice-bureau-unit-2026-budget.pdf",
    "shanghai-putuo/wanli-subdistrict-2024-budget.pdf",
    "jiangsu-province/procuratorate-2017-budget.pdf",
)
KINDS = ("flip", "truncate", "duplicate", "flip_stream", "zero_span")


def mutate(data: bytes, kind: str, rng: random.Random) -> bytes:
    """One seeded mutation of data."""
    n = len(data)
    if kind == "flip":  # a few random bytes anywhere (xref, dictionaries, streams)
        b = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            i = rng.randrange(n)
            b[i] ^= 1 << rng.randrange(8)
        return bytes(b)
    if kind == "flip_stream":  # many flips inside one region: damaged compressed streams
        b = bytearray(data)
        start = rng.randrange(n)
        for _ in range(rng.randint(16, 256)):
            i = min(n - 1, start + rng.randrange(4096))
            b[i] = rng.randrange(256)
        return bytes(b)
    if kind == "truncate":
        return data[: rng.randrange(1, n)]
    if kind == "duplicate":  # a span repeated in place (object and stream boundaries shift)
        start = rng.randrange(n)
        length = rng.randint(1, min(65536, n - start))
        at = rng.randrange(n)
        return data[:at] + data[start:start + length] + data[at:]
    if kind == "zero_span":
        start = rng.randrange(n)
        length = rng.randint(1, 8192)
        return data[:start] + b"\0" * min(length, n - start) + data[start + length:]
    raise ValueError(kind)


def mutants(files: list[Path], per_file: int, seed: int):
    """(name, bytes) for every mutant: deterministic in (seed, file, index)."""
    for f in files:
        data = f.read_bytes()
        for k in range(per_file):
            rng = random.Random(f"{seed}:{f.name}:{k}")
            kind = KINDS[k % len(KINDS)]
            yield f"{f.stem}.{kind}.{seed}.{k}.pdf", mutate(data, kind, rng)


def classify(parsed) -> str:
    if parsed.document is not None:
        return "parsed"
    err = parsed.error or ""
    if err.startswith("parse time limit exceeded"):
        return "timeout"
    if err.startswith("the parser process died"):
        return "died"
    if err.startswith(("parser error (", "document nests too deeply", "parser ran out of memory")):
        return "crash"
    return "parse_error"


def run(files: list[Path], per_file: int, seed: int, timeout: float, memory_mb: int,
        workers: int, out: Path | None = None, verbose: bool = False) -> dict:
    from flows.parse_pool import parse_in_workers
    from flows.parse_worker import parse_failed, parse_one
    from flows.sources import Source

    items = [(Source(f"fuzz://{name}"), data) for name, data in mutants(files, per_file, seed)]
    t0 = time.monotonic()
    results = parse_in_workers(items, parse_one, parse_failed, workers=workers,
                               time_limit=timeout, memory_limit_mb=memory_mb)
    seconds = time.monotonic() - t0
    counts: Counter = Counter()
    findings = []
    for (src, data), res in zip(items, results, strict=False):
        kind = classify(res)
        counts[kind] += 1
        if kind in ("crash", "died", "timeout"):
            name = src.uri.split("://", 1)[1]
            findings.append({"mutant": name, "kind": kind, "error": res.error})
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                (out / name).write_bytes(data)
        if verbose:
            print(f"{kind:12} {src.uri}: {(res.error or '')[:120]}")
    report = {"mutants": len(items), "files": [f.name for f in files], "seed": seed,
              "seconds": round(seconds, 1), "counts": dict(counts), "findings": findings}
    return report


def replay(path: Path) -> None:
    import traceback

    from extract.pipeline import parse_document

    try:
        doc = parse_document(path.read_bytes(), path.name, str(path))
        print(f"parsed: {len(doc.tables)} tables, {len(doc.line_items)} line items")
    except Exception:
        traceback.print_exc()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="PDFs to mutate (default: 4 corpus PDFs)")
    ap.add_argument("--per-file", type=int, default=25)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--memory-mb", type=int, default=900)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, help="write crashing mutants here")
    ap.add_argument("--replay", type=Path, help="parse one file in-process, print the traceback")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.replay:
        replay(args.replay)
        return 0
    files = args.files or [CORPUS / f for f in DEFAULT_FILES]
    report = run(files, args.per_file, args.seed, args.timeout, args.memory_mb, args.workers,
                 args.out, args.verbose)
    c = report["counts"]
    print(f"fuzz: {report['mutants']} mutants of {len(files)} PDFs (seed {args.seed}) in "
          f"{report['seconds']} s: {c.get('parsed', 0)} parsed, {c.get('parse_error', 0)} clean "
          f"ParseError, {c.get('crash', 0)} crash, {c.get('timeout', 0)} timeout, "
          f"{c.get('died', 0)} died")
    for f in report["findings"]:
        print(f"  {f['kind']}: {f['mutant']}: {f['error']}")
    print(json.dumps(report, ensure_ascii=False))
    return 1 if report["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
