"""WARC files (`.warc`, `.warc.gz`, e.g. Common Crawl's CC-NEWS) -> RawDocuments + rejections.

Every HTML response record with HTTP status 200 becomes a document: its URL is the record's
WARC-Target-URI (canonicalised), its date the page's metadata, else the WARC-Date. Other records
are rejections with their reason (a request, a revisit, a non-200 or non-HTML response), except
the `warcinfo` record that describes the file itself. A truncated or damaged record ends the
file's reading with a rejection; the records before it are kept.
"""

from __future__ import annotations

import os
from pathlib import Path

from tasks import web
from tasks.urls import canonical_url

ARCHIVE_STAGE = "read"


def read_warc(path: Path, max_record_bytes: int
              ) -> tuple[list[dict[str, str | None]], list[tuple[str, str, str]]]:
    """The documents and rejections (source_uri, stage, reason) of one WARC file."""
    from warcio.archiveiterator import ArchiveIterator

    uri = str(Path(os.path.abspath(path)))
    documents: list[dict[str, str | None]] = []
    rejections: list[tuple[str, str, str]] = []
    number = 0
    try:
        with open(path, "rb") as handle:
            records = ArchiveIterator(handle)
            for number, record in enumerate(records, start=1):
                record_id = f"{uri}#record-{number}"
                outcome = _record_document(record, record_id, max_record_bytes)
                if isinstance(outcome, dict):
                    documents.append(outcome)
                elif outcome is not None:
                    rejections.append(outcome)
            # warcio ends quietly at a gzip member cut short: bytes left after the last whole
            # record are a record it could not read.
            read_up_to = records.get_record_offset() + (records.get_record_length() or 0) if number else 0
            left = path.stat().st_size - read_up_to
            if left > 0:
                raise EOFError(f"{left:,} bytes at the end of the file do not form a whole record")
    except Exception as error:  # warcio: ArchiveLoadFailed, zlib/EOF errors on a cut gzip member
        rejections.append((f"{uri}#record-{number + 1}", ARCHIVE_STAGE,
                           f"truncated or damaged WARC record ({type(error).__name__}: "
                           f"{' '.join(str(error).split())[:200]}); the {number} records before it were read"))
    if not documents and not rejections:
        rejections.append((uri, ARCHIVE_STAGE, "WARC file holds no records"))
    return documents, rejections


def _record_document(record, record_id: str, max_record_bytes: int  # type: ignore[no-untyped-def]
                     ) -> dict[str, str | None] | tuple[str, str, str] | None:
    kind = record.rec_type
    if kind == "warcinfo":
        return None  # the file's own description, not a capture
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{record_id} ({target})" if target else record_id
    if kind != "response":
        return (where, "read", f"WARC {kind} record, not a response; only responses hold pages")
    status = record.http_headers.get_statuscode() if record.http_headers else None
    if status != "200":
        return (where, "read", f"archived response has HTTP status {status or 'none'}; only 200 responses are articles")
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not content_type.startswith(("text/html", "application/xhtml+xml")):
        kind_name = content_type.split(";")[0].strip() or "none given"
        return (where, "read", f"archived response has content type {kind_name}, not an HTML page")
    content = record.content_stream().read(max_record_bytes + 1)
    if len(content) > max_record_bytes:
        return (where, "read", f"archived page is larger than the size limit of {max_record_bytes:,} bytes "
                               "(NEWSFLOW_MAX_INPUT_BYTES); not read")
    url = canonical_url(target) if target else None
    document = web.page_document(content, url or record_id, None)
    if isinstance(document, tuple):
        return (where, *document)
    return {**document, "input_id": record_id, "source_uri": record_id, "url": url,
            "published_at": document["published_at"] or record.rec_headers.get_header("WARC-Date")}
