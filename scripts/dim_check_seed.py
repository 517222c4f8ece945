"""Write dbt_project/seeds/dim_check.csv from expectations.registry: one row per check name with its
family, severity and description, so SQL on dq.check_results can group failures by family
(marts.dim_check). tests/test_analyst_warehouse.py fails when the CSV and the registry differ:
run `.venv/bin/python scripts/dim_check_seed.py` after adding or renaming a check."""

from __future__ import annotations

import csv
import io
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "dim_check.csv"
COLUMNS = ["check_name", "family", "family_title", "severity", "description", "sort_order"]


def rows() -> list[dict]:
    from expectations.registry import FAMILIES, FAMILY_RAN

    out = []
    for family in FAMILIES:
        for check in family.checks:
            out.append({"check_name": check.name, "family": family.name,
                        "family_title": family.title, "severity": check.severity,
                        "description": check.description})
    out.append({"check_name": FAMILY_RAN, "family": "runner", "family_title": "The checks themselves",
                "severity": "error",
                "description": "A check family raised on the document: none of its checks ran there."})
    for i, row in enumerate(out, 1):
        row["sort_order"] = i
    return out


def render() -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows())
    return buf.getvalue()


if __name__ == "__main__":
    SEED.write_text(render(), encoding="utf-8")
    print(f"wrote {SEED} ({len(rows())} checks)")
