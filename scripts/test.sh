#!/usr/bin/env bash
# Set up and run the whole test suite (needs ../shared beside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.prefect}"
exec .venv/bin/python -m pytest -q "$@"
