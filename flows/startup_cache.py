"""What a run may reuse from earlier runs to start faster (issue 16, start-up), kept outside the
repository: ``$GOVBUDGET_CACHE_DIR``, else ``$XDG_CACHE_HOME/govbudget``, else
``~/.cache/govbudget``.

* ``dbt-parse/<key>/partial_parse.msgpack``: dbt's parse of the project. A new warehouse has no
  ``target/`` of its own, so dbt would parse every model, test and macro again (~3 CPU-seconds);
  given this file, it re-checks each file's checksum and parses only what changed. The key is a
  digest of every file of the dbt project (path and bytes), dbt-core's and dbt-duckdb's versions,
  Python's, the project's location, the command line's vars and the warehouse's database name
  (dbt resolves it at parse time and does not itself re-check the profile's values).
* ``prefect-db/<key>/``: an empty Prefect database, migrated and with its block types registered,
  for a new warehouse's ``PREFECT_HOME`` (migrating a new SQLite file costs the temporary server
  ~4 CPU-seconds). Keyed by the versions of Prefect, SQLAlchemy, alembic and Python.

Entries are written to a temporary name and renamed into place (``publish``), so two runs that
start at once each read a whole entry or none, and never each other's half.
``GOVBUDGET_STARTUP_CACHE=0`` turns the reuse off (nothing is read or written);
``GOVBUDGET_FAST_START=0`` turns off every start-up measure (these caches, Great Expectations in
its own process, the quick exit).

Only the standard library and extract.settings (the variables) are imported here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Iterable, Optional

from extract.settings import settings


def fast_start() -> bool:
    """The start-up measures, on unless GOVBUDGET_FAST_START=0 (the benchmark's baseline)."""
    return settings().fast_start


def enabled() -> bool:
    return fast_start() and settings().startup_cache


def cache_root() -> Path:
    explicit = settings().cache_dir
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "govbudget"


def version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


def digest(parts: Iterable[str], files: Iterable[Path] = (), relative_to: Optional[Path] = None
           ) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for path in sorted(files):
        name = str(path.relative_to(relative_to)) if relative_to else str(path)
        h.update(b"file\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    h.update(sys.version.encode())
    return h.hexdigest()[:32]


def project_files(root: Path, skip_dirs=("target", "logs", "dbt_packages", "__pycache__")
                  ) -> list[Path]:
    """Every file of a project, but the folders dbt writes and hidden ones."""
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip_dirs and not d.startswith(".")]
        out += [Path(folder) / f for f in files if not f.startswith(".")]
    return out


def publish(source: Path, entry: Path, name: str) -> None:
    """Copy ``source`` into the cache as ``entry/name``: to a temporary file first, then renamed,
    so a reader sees the whole file or none. Best effort (a cache that cannot be written only
    costs the next run its start-up time)."""
    try:
        entry.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry, prefix=f".{name}.")
        os.close(fd)
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, entry / name)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass


def fetch(entry: Path, name: str, target: Path) -> bool:
    """Copy ``entry/name`` to ``target`` (through a temporary name beside it). False when the
    cache has no such entry."""
    source = entry / name
    if not source.is_file():
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        os.close(fd)
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return True
    except OSError:
        return False
