#!/usr/bin/env bash
# Create .venv and install govbudget with its pinned dependencies (constraints.txt). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.govbudget-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[test]"
  # the OCR engine without its opencv-python (pyproject lists the headless OpenCV it uses instead)
  .venv/bin/python -m pip install --quiet --no-deps -c constraints.txt rapidocr-onnxruntime
  touch "$stamp"
fi
