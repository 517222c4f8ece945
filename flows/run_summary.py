"""What one ingest run did, as the command line prints it and Prefect keeps it (an artifact).

The flow (flows.ingest_flow) assembles a RunSummary from what its tasks return: the fetch stage's
Fetched list, the landing's LandingOutcome, the checks' figures, the snapshot's path. No task
changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # flows.landing imports this module
    from flows.landing import LandingOutcome


@dataclass
class RunSummary:
    run_id: str
    sources: int = 0
    landed: int = 0
    unchanged: int = 0
    failed: int = 0
    parse_skipped: int = 0  # unchanged bytes not parsed again (incremental run)
    not_modified: int = 0  # URLs answered 304 Not Modified (conditional request)
    fetch_retries: int = 0
    snapshot: Optional[str] = None
    changed: bool = True  # whether this run changed what the marts show
    build_skipped: bool = False  # nothing changed and the marts were built: dbt, checks skipped
    tables: int = 0
    line_items: int = 0
    unknown_tables: dict = field(default_factory=dict)  # title → count: tables of no known kind
    checks: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)  # (source_uri, error)
    timings: dict = field(default_factory=dict)
    data_docs: Optional[str] = None
    dashboard: Optional[str] = None

    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def add_landing(self, outcome: LandingOutcome) -> None:
        """What the landing stage returned (flows.landing.parse_and_land)."""
        self.landed += outcome.landed
        self.unchanged += outcome.unchanged
        self.failed += outcome.failed
        self.parse_skipped += outcome.parse_skipped
        self.failures += outcome.failures
        self.changed = outcome.changed
        self.tables, self.line_items = outcome.tables, outcome.line_items
        self.unknown_tables = dict(outcome.unknown_tables)

    def render(self) -> str:
        c = self.checks
        lines = [
            f"govbudget run {self.run_id}",
            f"  sources:   {self.sources} ({self.landed} landed, {self.unchanged} unchanged, "
            f"{self.failed} failed)",
            f"  fetch:     {self.not_modified} not modified (304), {self.fetch_retries} retries; "
            f"parse skipped for {self.parse_skipped} already landed",
            f"  tables:    {self.tables}",
            f"  rows:      {self.line_items} line items",
            *([f"  unknown:   {sum(self.unknown_tables.values())} tables of no known kind: "
               + "; ".join(f"{t} ×{n}" for t, n in sorted(
                   self.unknown_tables.items(), key=lambda kv: (-kv[1], kv[0]))[:12])]
              if self.unknown_tables else []),
            f"  checks:    {c.get('checks', 0)} run, {c.get('passed', 0)} passed, "
            f"{c.get('failed', 0)} failed ({c.get('failed_errors', 0)} error-level), "
            f"{c.get('not_applicable', 0)} not applicable"
            + (f" (this run re-checked {c.get('documents', 0)} documents: {c.get('checks_run', 0)} "
               "checks)" if c.get("scope") == "changed" else ""),
        ]
        if self.timings:
            lines.append("  timings:   " + ", ".join(f"{k} {v:.1f}s" for k, v in
                                                      self.timings.items()))
        for uri, err in self.failures:
            lines.append(f"  FAILED {uri}: {err}")
        if self.data_docs:
            lines.append(f"  data docs: {self.data_docs}")
        if self.dashboard:
            lines.append(f"  dashboard: {self.dashboard}")
        if self.build_skipped:
            lines.append("  marts:     nothing changed: dbt build and checks skipped")
        if self.snapshot:
            lines.append(f"  snapshot:  {self.snapshot} (open it read-only while runs go on)")
        return "\n".join(lines)


def publish_summary_artifact(summary: RunSummary) -> None:
    """The run summary as a Prefect markdown artifact (key govbudget-run-summary)."""
    from prefect.artifacts import create_markdown_artifact

    c = summary.checks or {}
    md = [f"# govbudget run {summary.run_id}", "",
          "| | |", "|---|---|",
          f"| sources | {summary.sources} |", f"| landed | {summary.landed} |",
          f"| unchanged | {summary.unchanged} (parse skipped {summary.parse_skipped}) |",
          f"| not modified (304) | {summary.not_modified} |",
          f"| failed | {summary.failed} |", f"| tables | {summary.tables} |",
          f"| line items | {summary.line_items} |",
          f"| checks | {c.get('checks', 0)} run, {c.get('passed', 0)} passed, "
          f"{c.get('failed', 0)} failed |"]
    if summary.timings:
        md.append("| timings | " + ", ".join(f"{k} {v:.1f}s" for k, v in summary.timings.items())
                  + " |")
    if summary.snapshot:
        md.append(f"| snapshot | `{summary.snapshot}` |")
    if summary.failures:
        md += ["", "## Failed sources", ""]
        md += [f"- `{uri}`: {str(err).replace(chr(10), ' ')}" for uri, err in summary.failures]
    try:
        create_markdown_artifact(key="govbudget-run-summary", markdown="\n".join(md),
                                 description=f"govbudget run {summary.run_id}")
    except Exception as exc:  # an artifact must never fail a run that landed
        print(f"govbudget: could not publish the run summary artifact: {exc}")
