#!/usr/bin/env bash
# Set up, generate the bundled sample (three PDFs made by sample/generate.py),
# and run the main job on it: ingest → warehouse/govbudget.duckdb, Data Docs beside it.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.prefect}"
echo "run_sample: generating the sample documents into sample_data/ …" >&2
.venv/bin/python -m sample.generate sample_data || exit 1
echo "run_sample: ingesting sample_data/ into warehouse/govbudget.duckdb (fetch, parse, dbt build," \
     "checks; about half a minute) …" >&2
.venv/bin/govbudget ingest sample_data --warehouse warehouse/govbudget.duckdb
status=$?
echo
echo "warehouse: $PWD/warehouse/govbudget.duckdb   (query it: .venv/bin/govbudget query \"select * from marts.fct_line_item limit 5\")"
echo "data docs: $PWD/warehouse/data_docs/ (open index.html); dashboard: $PWD/warehouse/dashboard.html"
exit $status
