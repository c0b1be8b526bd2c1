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
