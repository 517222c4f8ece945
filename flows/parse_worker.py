"""What a parse worker process runs: bytes → Document, never an exception.

Kept free of Prefect and DuckDB imports so worker processes start fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from extract.model import Document, ParseError
from extract.pipeline import document_id_of, parse_document
from flows.sources import Source, parse_metadata_overrides


@dataclass
class Parsed:
    source: Source
    document_id: str
    byte_size: Optional[int]
    document: Optional[Document] = None
    error: Optional[str] = None


def parse_one(item: tuple[Source, bytes]) -> Parsed:
    source, data = item
    doc_id = document_id_of(data)
    try:
        doc = parse_document(data, source.file_name, source.uri,
                             overrides=parse_metadata_overrides(source.metadata))
        return Parsed(source, doc_id, len(data), document=doc)
    except ParseError as exc:
        return Parsed(source, doc_id, len(data), error=str(exc))
    except MemoryError:
        return Parsed(source, doc_id, len(data), error="parser ran out of memory")
    except RecursionError:
        return Parsed(source, doc_id, len(data), error="document nests too deeply to parse")
    except Exception as exc:  # a parser bug must not stop the run: record it against the source
        return Parsed(source, doc_id, len(data),
                      error=f"parser error ({exc.__class__.__name__}): {exc}")


def parse_failed(item: tuple[Source, bytes], reason: str) -> Parsed:
    source, data = item
    return Parsed(source, document_id_of(data), len(data), error=reason)
