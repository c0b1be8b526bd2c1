"""Deterministic identifiers: the same inputs give the same id in every run."""

import hashlib

import polars as pl


def stable_id(*parts: object) -> str:
    """sha256 of the parts joined by a unit separator, first 16 hex characters."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def stable_id_expr(*columns: str) -> pl.Expr:
    """The same id as `stable_id`, computed per row of a frame from the named columns."""
    return (
        pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in columns], separator="\x1f")
        .map_elements(lambda joined: hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16],
                      return_dtype=pl.String)
    )
