"""RawDocuments -> articles: normalised text, headline split from body, ids, language.

`articles.text` is produced here and every later character offset indexes into it, so all text
changes happen in this module and nowhere downstream.
"""

from __future__ import annotations

import csv
import re
import threading
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from itertools import islice
from pathlib import Path

import polars as pl

from tasks.ids import stable_id_expr
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
# Headline and standfirst bounds, in words, for splitting a one-line article.
MAX_HEADLINE_WORDS = 40
MIN_REPEATED_WORDS = 4
MAX_STANDFIRST_WORDS = 120
LEADING_WORDS_SCANNED = MAX_HEADLINE_WORDS + 3 * MAX_STANDFIRST_WORDS
# A first line this short (words / characters) can be a title line.
MAX_TITLE_LINE_WORDS = 30
MAX_TITLE_LINE_CHARS = 250
# Language identification: characters sampled, and the evidence needed before calling a text
# non-English (the identifier is unreliable on a few words, so short or unsure texts stay "en").
LANGUAGE_SAMPLE_CHARS = 1500
MIN_WORDS_FOR_LANGUAGE = 8
MIN_NON_ENGLISH_PROBABILITY = 0.9
ENGLISH_FUNCTION_WORD_SHARE = 0.2
DEFAULT_LANGUAGE = "en"
_LETTER = re.compile(r"[^\W\d_]")
# Letters beyond Latin Extended-B (U+024F): accented Latin letters still count as Latin.
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f]")


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
    reason = (
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
    judged = structured.with_columns(reason=reason)
    rejections = judged.filter(pl.col("reason").is_not_null()).select(
        pl.col("input_id").alias("source_uri"), pl.lit("clean").alias("stage"), "reason")
    articles = judged.filter(pl.col("reason").is_null()).with_columns(
        article_id=stable_id_expr("text"),
        published_at=pl.col("published_at").map_elements(
            parse_published_at, return_dtype=pl.Datetime("us"), skip_nulls=True),
        word_count=pl.col("text").str.count_matches(r"\S+").cast(pl.Int32),
    ).select(list(ARTICLE_SCHEMA))
    return articles.cast(ARTICLE_SCHEMA), rejections.cast(REJECTION_SCHEMA)


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
# Headline, standfirst and paragraphs
# ---------------------------------------------------------------------------------------------


@cache
def _word_list(file_name: str) -> frozenset[str]:
    with open(DATA_DIR / file_name, encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle
                         if line.strip() and not line.startswith("#"))


_INITIALISM = re.compile(r"^\(?(?:[A-Za-z]\.){2,}[)\"']*$")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")
_PARAGRAPH_END = re.compile(r"(?:[.!?:][\"')\]]*)$")
_LIST_ITEM = re.compile(r"^(?:[-*•·]|\d{1,3}[.)])\s")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _RepeatedBlock:
    start: int  # index of the block's first word
    length: int  # words in one copy
    copies: int  # how many times it appears back to back (>= 2)

    @property
    def end(self) -> int:
        return self.start + self.length * self.copies


def split_title_and_text(title: str | None, body: str) -> tuple[str | None, str]:
    """A normalised body (and the title, if the input gave one) -> (title, article text).

    Without a given title the headline comes from the text: the first line of a multi-line
    text, or the words before a repeated standfirst (or a title-case run) in a one-line text.
    The standfirst (a summary line under the headline) is sometimes printed twice by the
    source, as in the seed. Decision: when it appears two or more times back to back at the
    start of the body, ALL copies are dropped from the text: it is page furniture like the
    headline, it restates what the body says, and keeping one copy would make the same claim
    appear twice in articles.text (and be extracted twice). A standfirst that appears only
    once cannot be told apart from the first paragraph, so it stays in the text and nothing
    that might carry information is ever lost silently. If dropping would leave no text, one
    copy is kept.
    """
    if not body:
        return title, ""
    lines = body.split("\n")
    if title is None and _first_line_is_title(lines):
        title, body = lines[0], "\n".join(lines[1:]).strip()
    text = _join_paragraphs(body)
    if title is None:
        first, separator, rest = text.partition("\n\n")
        headline, first = _split_flat_headline(first)
        if headline is not None:
            title, text = headline, f"{first}{separator}{rest}".strip()
    text = _drop_leading_title(text, title)
    text = _drop_repeated_lead(text)
    return title, text


def _first_line_is_title(lines: list[str]) -> bool:
    """Multi-line text: is its first line a headline (short, no sentence-final full stop)?"""
    if len([line for line in lines if line]) < 2:
        return False
    first = lines[0]
    words = first.split()
    if not words or len(words) > MAX_TITLE_LINE_WORDS or len(first) > MAX_TITLE_LINE_CHARS:
        return False
    if first.endswith(".") and not _is_abbreviation(words[-1]):
        return False
    # In a text whose paragraphs are separated by blank lines, a first line running straight
    # into the next one is a wrapped sentence, not a title.
    has_blank_lines = "" in lines
    if has_blank_lines and lines[1] != "":
        return False
    # Hard-wrapped text without blank lines: the next line carries on the same sentence.
    return not (lines[1] and lines[1][0].islower())


def _join_paragraphs(body: str) -> str:
    """Paragraphs separated by "\\n\\n"; single line breaks inside one are hard wraps, joined
    with a space, unless the line ends a sentence or the next one is a list item."""
    paragraphs: list[str] = []
    for block in body.split("\n\n"):
        current: list[str] = []
        for line in block.split("\n"):
            if not line:
                continue
            if current and (_PARAGRAPH_END.search(current[-1]) or _LIST_ITEM.match(line)):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _is_abbreviation(word: str) -> bool:
    return bool(_INITIALISM.match(word)) or word in _word_list("input_abbreviations.txt")


def _ends_sentence(word: str) -> bool:
    return bool(_SENTENCE_END.search(word)) and not _is_abbreviation(word)


def _find_repeated_block(words: list[str], max_start: int) -> _RepeatedBlock | None:
    """The first run of >= MIN_REPEATED_WORDS words, starting within max_start words of the
    beginning, that is immediately repeated word for word."""
    total = len(words)
    for start in range(min(max_start, total) + 1):
        longest = min(MAX_STANDFIRST_WORDS, (total - start) // 2)
        for length in range(MIN_REPEATED_WORDS, longest + 1):
            block = words[start:start + length]
            if words[start + length] != words[start] or words[start + length:start + 2 * length] \
                    != block:
                continue
            copies = 2
            while words[start + copies * length:start + (copies + 1) * length] == block:
                copies += 1
            return _RepeatedBlock(start, length, copies)
    return None


def _split_flat_headline(paragraph: str) -> tuple[str | None, str]:
    """One-line "Headline Standfirst Standfirst Body..." -> (headline, rest of the paragraph).

    The boundary is where an immediately repeated block (the standfirst) starts; if there is
    none, the end of a title-case run of words followed by a typical sentence opener ("The",
    "A", "In", ...). If neither is found, there is no headline and the paragraph is unchanged.
    """
    spans = _leading_words(paragraph)
    words = [span.group() for span in spans]
    repeated = _find_repeated_block(words, MAX_HEADLINE_WORDS)
    if repeated is not None:
        if repeated.start == 0:
            # Only a repeated block and no headline before it: the block is the headline.
            if repeated.length > MAX_HEADLINE_WORDS or repeated.end >= len(words):
                return None, paragraph
            headline = " ".join(words[:repeated.length])
            return headline, paragraph[spans[repeated.end].start():]
        if _plausible_headline(words[:repeated.start]):
            return (paragraph[:spans[repeated.start - 1].end()],
                    paragraph[spans[repeated.start].start():])
        return None, paragraph
    boundary = _title_case_boundary(words)
    if boundary is None:
        return None, paragraph
    return paragraph[:spans[boundary - 1].end()], paragraph[spans[boundary].start():]


def _plausible_headline(words: list[str]) -> bool:
    """No sentence ends inside it (a final ? or ! is fine), not too long."""
    if not words or len(words) > MAX_HEADLINE_WORDS:
        return False
    if any(_ends_sentence(word) for word in words[:-1]):
        return False
    last = words[-1]
    return not (last.endswith(".") and not _is_abbreviation(last))


def _is_capitalised(word: str) -> bool:
    core = word.lstrip("\"'([“‘")
    return bool(core) and (core[0].isupper() or core[0].isdigit() or
                           any(char.isupper() for char in core[1:]))  # iPhone, eBay


def _title_case_boundary(words: list[str]) -> int | None:
    """Index of the first body word after a title-case headline, or None.

    "Japan and US Agree to Cooperate on Advanced Technology The two allies ...": the run of
    capitalised (or minor) words ends at "two"; its last sentence opener, "The", starts the
    body. The headline must keep at least three words, two of them capitalised, and must not
    end in a minor word ("The European Union and The Netherlands agreed" is not split).
    """
    minor_words = _word_list("input_title_minor_words.txt")
    openers = _word_list("input_sentence_starters.txt")
    run = 0
    for word in words:
        if _is_capitalised(word) or word in minor_words or not any(c.isalnum() for c in word):
            run += 1
            if _ends_sentence(word):
                break
        else:
            break
    for boundary in range(min(run, len(words) - 5), 2, -1):
        headline = words[:boundary]
        if words[boundary] not in openers or headline[-1] in minor_words:
            continue
        capitalised = [word for word in headline if _is_capitalised(word)]
        if len(capitalised) >= 2 and _plausible_headline(headline):
            return boundary
    return None


def _drop_leading_title(text: str, title: str | None) -> str:
    """Texts (often JSON/HTML) that repeat their headline as the first line: drop that copy."""
    if not title or not text.startswith(title):
        return text
    rest = text[len(title):]
    if rest and not rest[0].isspace():
        return text
    return rest.strip() or text


def _drop_repeated_lead(text: str) -> str:
    """A block repeated back to back at the very start of the text (a standfirst printed twice,
    or three times) is dropped entirely; see `split_title_and_text` for why."""
    spans = _leading_words(text)
    repeated = _find_repeated_block([span.group() for span in spans], max_start=0)
    if repeated is None:
        return text
    if repeated.end < len(spans):
        return text[spans[repeated.end].start():]
    rest = text[spans[-1].end():].strip()
    # Nothing after the copies: keep one rather than nothing.
    return rest or text[:spans[repeated.length - 1].end()]


def _leading_words(text: str) -> list[re.Match[str]]:
    """The words a headline and repeated standfirst can span (no need to scan a long body)."""
    return list(islice(_WORD.finditer(text), LEADING_WORDS_SCANNED))


# ---------------------------------------------------------------------------------------------
# Language and dates
# ---------------------------------------------------------------------------------------------


_LANGUAGE_IDENTIFIER_LOCK = threading.Lock()


def load_language_identifier():  # type: ignore[no-untyped-def]  # py3langid ships no type hints
    """py3langid's identifier, loaded once per process (about 1 s: its model is an lzma
    archive). The lock lets a run load it in the background while its Prefect server starts
    (`flows.ingest.warm_up`) without cleaning loading a second copy meanwhile."""
    with _LANGUAGE_IDENTIFIER_LOCK:
        return _language_identifier()


@lru_cache(maxsize=1)
def _language_identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid), "en" unless the evidence is clear.

    Short texts, low-confidence guesses and texts full of English function words count as
    English: the identifier mislabels short English headlines and name-heavy sentences. A text
    mostly in a non-Latin script is never English, however short.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    # Counting letters is the costly part, and most texts have no non-Latin letter at all.
    letters = len(_LETTER.findall(sample)) if _NON_LATIN_LETTER.search(sample) else 0
    if letters and len(_NON_LATIN_LETTER.findall(sample)) / letters >= 0.5:
        code, _ = load_language_identifier().classify(sample)
        return _iso_639_1(code)
    words = re.findall(r"[^\W\d_]+", sample.lower())
    function_words = _word_list("input_english_function_words.txt")
    if words and sum(word in function_words for word in words) / len(words) \
            >= ENGLISH_FUNCTION_WORD_SHARE:
        return DEFAULT_LANGUAGE  # plainly English prose; skips the costlier identifier
    code, probability = load_language_identifier().classify(sample)
    if (code == DEFAULT_LANGUAGE or probability < MIN_NON_ENGLISH_PROBABILITY
            or len(words) < MIN_WORDS_FOR_LANGUAGE):
        return DEFAULT_LANGUAGE
    return _iso_639_1(code)


def _iso_639_1(code: str) -> str:
    """py3langid uses ISO 639-1 where one exists, else a 3-letter code; keep what exists."""
    if len(code) == 2:
        return code
    import pycountry

    language = pycountry.languages.get(alpha_3=code)
    return getattr(language, "alpha_2", None) or code


def language_name(code: str) -> str:
    """English name of a language code ("de" -> "German"), the code itself if unknown."""
    import pycountry

    language = pycountry.languages.get(**({"alpha_2": code} if len(code) == 2
                                          else {"alpha_3": code}))
    return getattr(language, "name", None) or code


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
