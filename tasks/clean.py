"""RawDocuments -> articles: normalised text, headline split from body, ids, language.

`articles.text` is produced here and every later character offset indexes into it, so all text
changes happen in this module and nowhere downstream.
"""

from __future__ import annotations

import csv
import re
import warnings
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import polars as pl

from tasks.headlines import split_title_and_text
from tasks.ids import stable_id_expr
from tasks.language import DEFAULT_LANGUAGE, detect_language, language_name
from tasks.schemas import REJECTION_SCHEMA
from tasks.urls import canonical_url, is_web_url

DATA_DIR = Path(__file__).resolve().parent / "data"

ARTICLE_SCHEMA: dict[str, pl.DataType] = {
    "article_id": pl.String(),
    "input_id": pl.String(),
    "content_hash": pl.String(),
    "source_uri": pl.String(),
    "source_name": pl.String(),
    "title": pl.String(),
    "published_at": pl.Datetime("us"),
    "language": pl.String(),
    "text": pl.String(),
    "word_count": pl.Int32(),
    "url": pl.String(),  # canonical (tasks.urls), or null
}
NON_ENGLISH_POLICIES = ("reject", "flag")

# A whitespace-free run longer than this is not a word (base64 blobs, minified data, a
# 100k-character token); long URLs stay well under it.
MAX_TOKEN_CHARS = 1000


def clean_documents(
    documents: pl.DataFrame, non_english: str = "reject"
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """RawDocuments -> (articles, rejections).

    non_english: "reject" turns non-English texts into rejections; "flag" keeps them as
    articles with their detected language.
    """
    if non_english not in NON_ENGLISH_POLICIES:
        raise ValueError(f"non_english must be one of {NON_ENGLISH_POLICIES}, got {non_english!r}")
    if documents.is_empty():
        return pl.DataFrame(schema=ARTICLE_SCHEMA), pl.DataFrame(schema=REJECTION_SCHEMA)

    normalised = documents.select(
        "input_id", "content_hash", "source_uri", "published_at",
        pl.col("url").map_elements(_canonical_web_url, return_dtype=pl.String, skip_nulls=True),
        normalise_inline_expr("source_name").alias("source_name"),
        normalise_inline_expr("title").alias("title"),
        normalise_text_expr("body").alias("body"),
    )
    # The headline/standfirst split is sequential string logic with no polars equivalent.
    split = [split_title_and_text(title, body) for title, body in
             zip(normalised["title"].to_list(), normalised["body"].to_list(), strict=True)]
    structured = normalised.with_columns(
        title=pl.Series([title for title, _ in split], dtype=pl.String),
        text=pl.Series([text for _, text in split], dtype=pl.String),
    ).with_columns(
        longest_token_chars=pl.col("text")
        .str.extract(rf"(\S{{{MAX_TOKEN_CHARS + 1},}})")
        .str.len_chars(),
    )
    is_usable = (pl.col("text") != "") & pl.col("longest_token_chars").is_null()
    languages = [
        detect_language(text) if usable else None
        for text, usable in zip(structured["text"].to_list(),
                                structured.select(is_usable).to_series().to_list(), strict=True)
    ]
    structured = structured.with_columns(language=pl.Series(languages, dtype=pl.String))
    language_names = {code: language_name(code) for code in set(languages) if code}
    judged = structured.with_columns(reason=_rejection_reason(language_names, non_english))
    rejections = judged.filter(pl.col("reason").is_not_null()).select(
        pl.col("input_id").alias("source_uri"), pl.lit("clean").alias("stage"), "reason")
    articles = judged.filter(pl.col("reason").is_null()).with_columns(
        article_id=stable_id_expr("text"),
        published_at=pl.col("published_at").map_elements(
            parse_published_at, return_dtype=pl.Datetime("us"), skip_nulls=True),
        word_count=pl.col("text").str.count_matches(r"\S+").cast(pl.Int32),
    ).select(list(ARTICLE_SCHEMA))
    return articles.cast(ARTICLE_SCHEMA), rejections.cast(REJECTION_SCHEMA)


def _rejection_reason(language_names: dict[str, str], non_english: str) -> pl.Expr:
    """Why a cleaned document is not an article (no text, one giant token, not English under
    the "reject" policy), as a sentence a person understands; null for an article."""
    return (
        pl.when(pl.col("text") == "")
        .then(pl.lit("no text left after cleaning (the input held only whitespace, markup or a "
                     "title)"))
        .when(pl.col("longest_token_chars").is_not_null())
        .then(pl.format("contains a single {}-character token with no spaces (over the {}-"
                        "character limit for one word); this is not article text",
                        pl.col("longest_token_chars"), pl.lit(MAX_TOKEN_CHARS)))
        .when((pl.col("language") != DEFAULT_LANGUAGE) & pl.lit(non_english == "reject"))
        .then(pl.format("text is in {} ({}), not English; non-English articles are rejected "
                        "(set NEWSFLOW_NON_ENGLISH=flag to keep them)",
                        pl.col("language").replace_strict(language_names, default=pl.col(
                            "language")), pl.col("language")))
    )


# ---------------------------------------------------------------------------------------------
# Character-level normalisation (polars expressions)
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _character_replacements() -> tuple[list[str], list[str]]:
    """Typographic quotes, exotic spaces and invisible characters -> plain equivalents."""
    patterns: list[str] = []
    replacements: list[str] = []
    with open(DATA_DIR / "input_text_replacements.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            patterns.append(chr(int(row["codepoint"], 16)))
            replacements.append(row["replacement"].replace("\\n", "\n"))
    return patterns, replacements


def normalise_text_expr(column: str) -> pl.Expr:
    """Body text: NFC, plain quotes, one space between words, paragraphs split by one blank line.

    Line breaks are kept (they carry the title line and paragraphs); control characters go.
    """
    patterns, replacements = _character_replacements()
    return (
        pl.col(column)
        .fill_null("")
        .str.replace_all("\r\n", "\n", literal=True)
        .str.replace_all("\r", "\n", literal=True)
        .str.normalize("NFC")
        .str.replace_many(patterns, replacements)
        .str.replace_all(r"\x1b\[[0-9;?]*[A-Za-z]", "")  # terminal colour codes
        .str.replace_all(r"[\x0b\x0c\x85]", "\n")
        .str.replace_all(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]", "")
        .str.replace_all(r"[\t\p{Zs}]+", " ")
        .str.replace_all(r"(?m)^ +| +$", "")
        .str.replace_all(r"\n{3,}", "\n\n")
        .str.strip_chars()
    )


def normalise_inline_expr(column: str) -> pl.Expr:
    """Titles and names: as body text, then on one line; empty becomes null."""
    inline = normalise_text_expr(column).str.replace_all(r"\s+", " ")
    return pl.when(inline != "").then(inline).otherwise(None)


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
# Missing date parts are filled from this fixed default, never from today's date.
_DATE_DEFAULT = datetime(2000, 1, 1)


def _canonical_web_url(url: str) -> str | None:
    """A record's url in canonical form; None for anything that is not an http(s) URL."""
    return canonical_url(url) if is_web_url(url) else None


def parse_published_at(value: str) -> datetime | None:
    """A publication date in any common format -> naive UTC datetime, None if unusable.

    Accepts ISO 8601, RFC 2822 ("Fri, 12 May 2023 10:00:00 GMT"), "12 May 2023",
    "May 12, 2023" and epoch seconds/milliseconds. A text without a four-digit year is not
    parsed: dateutil would fill the year from today, which makes reruns disagree.
    """
    from dateutil import parser as date_parser  # installed with pandas

    text = value.strip()
    if _EPOCH.match(text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) > 10 else 1)
        return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    if not _YEAR.search(text):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown zone names ("BST") parse as naive times
        for fuzzy in (False, True):
            try:
                parsed = date_parser.parse(text, default=_DATE_DEFAULT, fuzzy=fuzzy)
            except (ValueError, OverflowError):
                continue
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(UTC).replace(tzinfo=None)
            return parsed
    return None
