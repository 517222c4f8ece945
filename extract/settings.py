"""Every ``GOVBUDGET_*`` environment variable, in one typed object.

``settings()`` reads the environment each time it is called (runs and tests set variables with
``os.environ``, ``monkeypatch`` or a child process's ``env``); a module that reads a value at
import keeps doing so by calling it at import. Each field parses its variable exactly as the code
that used it did: some accept only ``1`` (``_exact_one``), some refuse ``0/false/no/off``
(``_not_off``), some fall back to their default on a value that is not a number (``_lenient``),
the rest are read with Python's ``int()``/``float()`` and a bad value is an error naming the
variable (``SettingsError``, a ``ValueError``). An empty path or warehouse means "not set".
Variable names are case-sensitive: only the upper-case ``GOVBUDGET_<FIELD>`` is read.

The README's table of variables is this module's ``markdown_table()`` (tests/test_settings.py
keeps them equal). Standard library and pydantic-settings only: extract/ and flows/ both import it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

from pydantic import BeforeValidator, Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

PREFIX = "GOVBUDGET_"
DEFAULT_WAREHOUSE = Path("warehouse") / "govbudget.duckdb"


class SettingsError(ValueError):
    """A GOVBUDGET_* variable whose value cannot be read; the message names the variable."""


def _python_int(value: Any) -> Any:
    return int(value) if isinstance(value, str) else value


def _python_float(value: Any) -> Any:
    return float(value) if isinstance(value, str) else value


def _exact_one(value: Any) -> Any:
    """On only for exactly "1" ("true" or "yes" leave it off)."""
    return value == "1" if isinstance(value, str) else value


def _not_off(value: Any) -> Any:
    """On unless the value, stripped, is 0, false, no or off (case as written)."""
    return value.strip() not in ("0", "false", "no", "off") if isinstance(value, str) else value


def _empty_is_unset(value: Any) -> Any:
    return None if value == "" else value


def _empty_is_default_warehouse(value: Any) -> Any:
    return DEFAULT_WAREHOUSE if value == "" else value


def _words(value: Any) -> Any:
    return value.split() if isinstance(value, str) else value


def _lenient(parse: Callable[[str], Any], default: Any) -> Callable[[Any], Any]:
    """parse(value), or default when the value is not a number (the variable's old fallback)."""
    def read(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return parse(value)
        except ValueError:
            return default
    return read


def _lenient_float_int(default: int) -> Callable[[Any], Any]:
    """int(float(value)), float() falling back to default: "2.5" reads as 2."""
    def read(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            number = float(value)
        except ValueError:
            return default
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")  # int() of it fails: say which variable
        return int(number)
    return read


StrictInt = Annotated[int, BeforeValidator(_python_int)]
StrictFloat = Annotated[float, BeforeValidator(_python_float)]
ExactOne = Annotated[bool, BeforeValidator(_exact_one)]
NotOff = Annotated[bool, BeforeValidator(_not_off)]
OptionalPath = Annotated[Optional[Path], BeforeValidator(_empty_is_unset)]
Words = Annotated[list[str], NoDecode, BeforeValidator(_words)]


class _ExactCaseEnv(EnvSettingsSource):
    """The environment source, reading only the upper-case GOVBUDGET_ names (os.environ is
    case-sensitive; pydantic-settings would otherwise also take govbudget_warehouse)."""

    def _load_env_vars(self) -> dict[str, Optional[str]]:
        names = {PREFIX + name.upper() for name in Settings.model_fields}
        return {key.lower(): value for key, value in os.environ.items() if key in names}


class Settings(BaseSettings):
    """One field per GOVBUDGET_* variable (the field name in capitals after the prefix)."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, case_sensitive=False, extra="ignore")

    # --- where things are
    warehouse: Annotated[Path, BeforeValidator(_empty_is_default_warehouse)] = Field(
        default=DEFAULT_WAREHOUSE,
        description="The DuckDB warehouse when `--warehouse` is not given (empty: the default). "
                    "Also how dbt's profile finds the warehouse: the project sets it for dbt.")
    cache_dir: OptionalPath = Field(
        default=None, description="The start-up cache (dbt's parse, Prefect's empty database); unset: "
                          "`$XDG_CACHE_HOME/govbudget`, else `~/.cache/govbudget`.")
    # --- ingestion
    workers: Optional[StrictInt] = Field(
        default=None, description="Parse worker processes (unset: the number of cores); at least 1, "
                          "at most 8.")
    full_checks: ExactOne = Field(
        default=False, description="`1`: re-check every document, not only the changed ones and their "
                           "neighbours.")
    always_build: ExactOne = Field(
        default=False, description="`1`: run dbt and the checks even when nothing changed.")
    land_batch: StrictInt = Field(
        default=50, description="Documents landed per warehouse transaction (a crash loses at most "
                        "one batch).")
    land_seconds: StrictFloat = Field(
        default=10.0, description="Seconds a batch's first result waits before the batch lands "
                          "anyway.")
    dbt_threads: Annotated[int, BeforeValidator(_lenient(int, 4))] = Field(
        default=4, description="dbt threads, at least 1 (not a number: 4).")
    # --- limits per document
    max_bytes: StrictInt = Field(
        default=200 * 1024 * 1024, description="Size limit of one document's bytes (200 MiB), enforced "
                                       "while fetching and reading.")
    max_pages: Annotated[int, BeforeValidator(_lenient(int, 1000))] = Field(
        default=1000, description="Pages one PDF may have; 0 or less: no limit (not a number: 1000).")
    parse_timeout: StrictFloat = Field(
        default=300.0, description="Seconds one document may take to parse; its worker is killed "
                           "after that.")
    parse_memory_mb: StrictInt = Field(
        default=900, description="Address space (RLIMIT_AS, MB) of one parse worker.")
    ocr_memory_mb: StrictInt = Field(
        default=2048, description="Address space (MB) of a parse worker while it reads scanned pages by "
                          "OCR (onnxruntime reserves more than it uses).")
    # --- fetching (a value that is not a number gives the default)
    fetch_timeout: Annotated[float, BeforeValidator(_lenient(float, 30.0))] = Field(
        default=30.0, description="Seconds per connect or read of one request.")
    fetch_deadline: Annotated[float, BeforeValidator(_lenient(float, 600.0))] = Field(
        default=600.0, description="Seconds for one whole response.")
    fetch_retries: Annotated[int, BeforeValidator(_lenient_float_int(3))] = Field(
        default=3, description="Extra attempts after a transient failure (timeout, 5xx, 429).")
    fetch_backoff: Annotated[float, BeforeValidator(_lenient(float, 1.0))] = Field(
        default=1.0, description="Seconds of the first backoff between attempts (it doubles).")
    fetch_threads: Annotated[int, BeforeValidator(_lenient_float_int(8))] = Field(
        default=8, description="Documents fetched at once (at least 1).")
    host_concurrency: Annotated[int, BeforeValidator(_lenient_float_int(2))] = Field(
        default=2, description="Requests to one host at once (at least 1).")
    host_interval: Annotated[float, BeforeValidator(_lenient(float, 0.2))] = Field(
        default=0.2, description="Seconds between requests to one host.")
    allow_private_networks: ExactOne = Field(
        default=False, description="`1`: allow URLs on loopback or private-network addresses (refused "
                           "otherwise).")
    # --- readers (read once, when the reader is imported)
    pdf_objects: str = Field(
        default="pdfium", description="`pdfium`: a PDF page's characters and lines from pypdfium2 "
                              "(pdfminer only where pdfium misses glyphs); `pdfminer`: "
                              "pdfplumber's own pages throughout. Read at import.")
    ocr_dpi: StrictInt = Field(
        default=150, description="Resolution at which scanned pages are rendered for OCR. Read at "
                         "import.")
    ocr_threads: StrictInt = Field(
        default=1, description="onnxruntime intra-op threads of the OCR engine. Read at import.")
    # --- scheduled runs (`govbudget serve`)
    schedule_sources: Words = Field(
        default=[], description="What each scheduled run ingests when no SOURCE is given "
                        "(space-separated manifests, directories, URLs).")
    schedule_crawl: Words = Field(
        default=[], description="Listing pages each scheduled run crawls (space-separated).")
    schedule_cron: str = Field(
        default="0 2 * * *", description="The schedule when `--cron` is not given.")
    # --- dashboard
    dashboard_max_pages: StrictInt = Field(
        default=200, description="Most PDF pages rendered as evidence images for the dashboard. Read "
                         "at import.")
    # --- start-up
    fast_start: NotOff = Field(
        default=True, description="`0`/`false`/`no`/`off`: none of the start-up measures (no cache, "
                          "no dbt parse ahead, the garbage collector not paused while loading, "
                          "Great Expectations in the main process, a full exit).")
    startup_cache: NotOff = Field(
        default=True, description="`0`/`false`/`no`/`off`: neither read nor write the start-up cache.")
    startup_trace: OptionalPath = Field(
        default=None, description="A file to which start-up marks are appended "
                          "(benchmarks/bench_startup.py).")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings],
                                   init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        # the environment only: no .env file, no secrets directory
        return init_settings, _ExactCaseEnv(settings_cls)


def env_name(field: str) -> str:
    return PREFIX + field.upper()


def settings() -> Settings:
    """The GOVBUDGET_* variables as they are now; SettingsError names a variable that cannot be
    read."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "?"
            value = os.environ.get(env_name(field))
            problems.append(f"{env_name(field)}={value!r}: {error['msg']}")
        raise SettingsError("cannot read " + "; ".join(problems)) from None


def markdown_table() -> str:
    """The README's table: variable, type, default, what it does."""
    rows = ["| Variable | Type | Default | What it does |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        kind = _field_kind(name)
        default = field.default
        if isinstance(default, bool):
            shown = "on" if default else "off"
        elif isinstance(default, list):
            shown = "(none)" if not default else " ".join(default)
        elif default is None:
            shown = "(unset)"
        else:
            shown = f"`{default}`"
        rows.append(f"| `{env_name(name)}` | {kind} | {shown} | {field.description} |")
    return "\n".join(rows) + "\n"


_KINDS = {
    "warehouse": "path", "cache_dir": "path", "startup_trace": "path",
    "schedule_sources": "words", "schedule_crawl": "words",
    "pdf_objects": "text", "schedule_cron": "text",
}


def _field_kind(name: str) -> str:
    """A reader's word for the field's type: path, words, text, int, number, flag."""
    if name in _KINDS:
        return _KINDS[name]
    annotation = Settings.model_fields[name].annotation
    if annotation is bool:
        return "flag: `1` turns it on" if Settings.model_fields[name].default is False else \
            "flag: `0`/`false`/`no`/`off` turn it off"
    if annotation is float:
        return "number"
    return "int"


if __name__ == "__main__":  # python -m extract.settings: the README's table
    print(markdown_table(), end="")
