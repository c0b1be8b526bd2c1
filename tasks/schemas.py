"""Frame contracts more than one stage writes, declared once.

A rejection is an input that did not become an article (it becomes a `rejected_inputs` row,
`sql/tables/rejected_inputs.sql`): reading, fetching, decoding, parsing and cleaning all give
frames of exactly these columns.
"""

from __future__ import annotations

import polars as pl

REJECTION_SCHEMA: dict[str, pl.DataType] = {
    "source_uri": pl.String(),
    "stage": pl.String(),
    "reason": pl.String(),
}

# One input record read from a file, a feed or a web archive (tasks.read, tasks.web): text not
# yet cleaned, dates as given.
RAW_DOCUMENT_SCHEMA: dict[str, pl.DataType] = {
    "input_id": pl.String(),
    "source_uri": pl.String(),
    "content_hash": pl.String(),
    "title": pl.String(),
    "body": pl.String(),
    "published_at": pl.String(),
    "url": pl.String(),
    "source_name": pl.String(),
    "decode_note": pl.String(),
}
