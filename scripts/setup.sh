#!/usr/bin/env bash
# Create .venv and install govbudget with its pinned dependencies (constraints.txt). Idempotent.
# Says what it does, a line per step, on stderr (pip itself stays quiet).
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "setup: $*" >&2; }
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment .venv with $("$PY" --version 2>&1) …"
  "$PY" -m venv .venv
fi
stamp=.venv/.govbudget-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  started=$SECONDS
  say "upgrading pip …"
  .venv/bin/python -m pip install --quiet --upgrade pip
  say "installing govbudget and its pinned packages (constraints.txt: Prefect, dbt, DuckDB," \
      "Great Expectations, pdfplumber, OCR …); a first install takes a minute or more …"
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[test]"
  # the OCR engine without its opencv-python (pyproject lists the headless OpenCV it uses instead)
  say "installing the OCR engine (rapidocr-onnxruntime, with the headless OpenCV) …"
  .venv/bin/python -m pip install --quiet --no-deps -c constraints.txt rapidocr-onnxruntime
  touch "$stamp"
  say "installed in $((SECONDS - started)) s: .venv/bin/govbudget is ready"
else
  say ".venv is up to date (delete $stamp to reinstall)"
fi
