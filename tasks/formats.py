"""The input formats: JSON, JSON Lines, HTML pages and Markdown -> RawDocuments rows (text files
need no parsing). A record that is not what its format promises is a rejection with a reason."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tasks.decode import is_blank
from tasks.schemas import RAW_DOCUMENT_SCHEMA

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Rejection:
    source_uri: str
    stage: str
    reason: str


class ParseError(Exception):
    """The text is not the structure its extension promises; the message is the reason."""


def document_row(uri_or_id: str, base: dict[str, str | None],
              record: dict[str, str | None]) -> dict[str, str | None]:
    row: dict[str, str | None] = dict.fromkeys(RAW_DOCUMENT_SCHEMA)
    row.update(base)
    row.update({key: value for key, value in record.items() if key in RAW_DOCUMENT_SCHEMA})
    row["input_id"] = uri_or_id
    return row


@lru_cache(maxsize=1)
def _json_field_aliases() -> dict[str, tuple[str, ...]]:
    with open(DATA_DIR / "input_json_fields.json", encoding="utf-8") as handle:
        loaded = json.load(handle)
    return {key: tuple(values) for key, values in loaded.items() if not key.startswith("_")}


def json_documents(
    text: str, uri: str, base: dict[str, str | None], *, as_lines: bool
) -> tuple[list[dict[str, str | None]], list[Rejection]]:
    if as_lines:
        return _jsonl_documents(text, uri, base)
    try:
        loaded = json.loads(text)
    except RecursionError:
        return [], [Rejection(uri, "parse", "JSON is nested too deeply to read")]
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            # Several objects one per line in a .json file: read it as JSON Lines.
            documents, rejections = _jsonl_documents(text, uri, base)
            if not rejections:
                return documents, rejections
        return [], [Rejection(uri, "parse", _describe_json_error(error, text))]

    items: list[Any] | None = None
    if isinstance(loaded, list):
        items = loaded
    elif isinstance(loaded, dict):
        items = _wrapped_record_list(loaded)
        if items is None:
            try:
                return [document_row(uri, base, _json_record(loaded))], []
            except ParseError as error:
                return [], [Rejection(uri, "parse", str(error))]
    else:
        return [], [Rejection(uri, "parse", f"JSON holds a {_json_type(loaded)}; expected an "
                                             "object or a list of objects (one per article)")]
    if not items:
        return [], [Rejection(uri, "parse", "JSON list is empty: no articles in it")]
    return _json_list_documents(items, uri, base)


def _json_list_documents(
    items: list[Any], uri: str, base: dict[str, str | None]
) -> tuple[list[dict[str, str | None]], list[Rejection]]:
    """The objects of a JSON list, one document each (`<uri>#<n>`); anything else is rejected."""
    documents: list[dict[str, str | None]] = []
    rejections: list[Rejection] = []
    for number, item in enumerate(items, start=1):
        input_id = f"{uri}#{number}"
        try:
            if not isinstance(item, dict):
                raise ParseError(f"item {number} of the JSON list is a {_json_type(item)}, "
                                 "not an object")
            documents.append(document_row(input_id, base, _json_record(item)))
        except ParseError as error:
            rejections.append(Rejection(input_id, "parse", str(error)))
    return documents, rejections


def _jsonl_documents(
    text: str, uri: str, base: dict[str, str | None]
) -> tuple[list[dict[str, str | None]], list[Rejection]]:
    documents: list[dict[str, str | None]] = []
    rejections: list[Rejection] = []
    # split("\n"), not splitlines(): U+2028 and friends may legally sit inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if is_blank(line):
            continue
        input_id = f"{uri}#L{number}"
        try:
            try:
                loaded = json.loads(line)
            except RecursionError as error:
                raise ParseError(f"line {number} is JSON nested too deeply to read") from error
            except json.JSONDecodeError as error:
                raise ParseError(f"line {number} is not valid JSON: {error.msg} "
                                  f"(column {error.colno})") from error
            if not isinstance(loaded, dict):
                raise ParseError(f"line {number} is a JSON {_json_type(loaded)}, not an object")
            documents.append(document_row(input_id, base, _json_record(loaded)))
        except ParseError as error:
            rejections.append(Rejection(input_id, "parse", str(error)))
    if not documents and not rejections:
        rejections.append(Rejection(uri, "parse", "JSON Lines file has no records"))
    return documents, rejections


def _describe_json_error(error: json.JSONDecodeError, text: str) -> str:
    problem = f"{error.msg.removesuffix(' at')} at line {error.lineno}, column {error.colno}"
    # Strings cannot hold raw line breaks, so an unterminated one runs to the end of the text.
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return f"invalid JSON, the text ends before the JSON is complete (truncated?): {problem}"
    return f"invalid JSON: {problem}"


def _json_type(value: object) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", int: "number",
             float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _wrapped_record_list(loaded: dict[str, Any]) -> list[Any] | None:
    """{"articles": [...]} and similar feed wrappers: the list inside, if the object has no text."""
    lowered = {key.lower(): value for key, value in loaded.items()}
    if any(alias.lower() in lowered for alias in _json_field_aliases()["body"]):
        return None
    for key in _json_field_aliases()["record_lists"]:
        value = lowered.get(key.lower())
        if isinstance(value, list):
            return value
    return None


def _json_record(record: dict[str, Any]) -> dict[str, str | None]:
    """Map one JSON object's fields onto RawDocuments columns; raise ParseError if no text."""
    aliases = _json_field_aliases()
    lowered = {str(key).lower(): value for key, value in record.items()}

    def first(column: str) -> Any:
        for alias in aliases[column]:
            value = lowered.get(alias.lower())
            if value not in (None, "", [], {}):
                return value
        return None

    body = first("body")
    if isinstance(body, list) and body and all(isinstance(part, str) for part in body):
        body = "\n\n".join(body)  # a list of paragraphs
    if not isinstance(body, str) or is_blank(body):
        expected = ", ".join(f"'{alias}'" for alias in aliases["body"][:3])
        found = ", ".join(f"'{key}'" for key in list(record)[:10]) or "none"
        problem = ("has no article text" if body is None
                   else f"has a {_json_type(body)} where the article text should be"
                   if not isinstance(body, str) else "has empty article text")
        raise ParseError(f"JSON record {problem}: expected a non-empty string in one of the "
                          f"fields {expected} (fields found: {found})")
    source = first("source_name")
    if isinstance(source, dict):  # e.g. NewsAPI: {"source": {"id": ..., "name": "Reuters"}}
        source = source.get("name")
    return {
        "title": _scalar_text(first("title")),
        "body": _html_fragment_to_text(body) if _looks_like_html(body) else body,
        "published_at": _scalar_text(first("published_at")),
        "url": _scalar_text(first("url")),
        "source_name": _scalar_text(source),
    }


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return _unescape_entities(text) or None


HTML_DOCUMENT_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|em|strong|b|i|h[1-6]|li|ul|ol|blockquote)\b[^>]*>",
                       re.IGNORECASE)
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_HTML_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote|tr)\s*>", re.IGNORECASE)


def _looks_like_html(text: str) -> bool:
    return len(_HTML_TAG.findall(text[:20000])) >= 2


def _unescape_entities(text: str) -> str:
    return html.unescape(text) if _HTML_ENTITY.search(text) else text


def _html_fragment_to_text(fragment: str) -> str:
    """Markup inside a JSON text field: block ends become paragraph breaks, tags go."""
    import lxml.html  # lxml comes with trafilatura; imported lazily like trafilatura itself

    marked = _HTML_BLOCK_END.sub("\n\n", fragment)
    try:
        root = lxml.html.fragment_fromstring(marked, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return fragment
    for unwanted in root.xpath("//script|//style"):
        unwanted.drop_tree()
    return root.text_content()


def html_page_record(page: str) -> dict[str, str | None]:
    """A web page's main text and metadata (title, date, URL, site name), as RawDocuments
    columns; raises ParseError when the page has no readable text. Fetched pages
    (`tasks.web`) and WARC responses (`tasks.warc`) are read with this, like .html files."""
    return html_record(page)


def html_record(page: str) -> dict[str, str | None]:
    """Main text of an HTML page with trafilatura (boilerplate dropped), plus its metadata."""
    import trafilatura  # slow to import; only pay for it when there is HTML to read

    # Dates only from the page's metadata: htmldate's extensive search guesses from text such as
    # "Copyright 2024", which is not a publication date.
    date_params = {"extensive_search": False, "original_date": True}
    extracted = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params=date_params,
    )
    if extracted is None or not (extracted.text or "").strip():
        extracted_recall = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, favor_recall=True,
            date_extraction_params=date_params,
        )
        extracted = extracted_recall or extracted
    text = (extracted.text or "") if extracted is not None else ""
    title = (extracted.title if extracted is not None else None) or _html_title(page)
    if is_blank(text):
        raise ParseError("HTML page has no readable main text (only markup, scripts or "
                          "navigation)")
    return {
        # trafilatura puts one block per line; a blank line between them marks the paragraphs.
        "body": re.sub(r"\n+", "\n\n", text),
        "title": title,
        "published_at": extracted.date if extracted is not None else None,
        "url": extracted.url if extracted is not None else None,
        "source_name": extracted.sitename if extracted is not None else None,
    }


def _html_title(page: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", page, re.IGNORECASE | re.DOTALL)
    return html.unescape(match.group(1)).strip() or None if match else None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_ATX_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.MULTILINE)
_SETEXT_TITLE = re.compile(r"\A\s*([^\n]+)\n[ \t]*(?:=+|-+)[ \t]*(?:\n|\Z)")
_MARKDOWN_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),              # links -> their text
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),                 # comments
    (re.compile(r"^[ \t]*```.*$", re.MULTILINE), ""),           # code fences
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE), ""),      # block quotes
    (re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE), ""),  # rules
    (re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1"), r"\2"),           # bold
    (re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*?\S)?)\*(?![\w*])"), r"\1"),  # italics
)


def markdown_record(text: str) -> dict[str, str | None]:
    """Markdown to plain text: front matter and a leading heading give metadata and title."""
    record: dict[str, str | None] = {}
    front = _FRONT_MATTER.match(text)
    if front:
        fields = {}
        for line in front.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip()] = value.strip().strip("'\"")
        mapped = _json_record({**fields, "text": "-"})  # reuse the JSON field aliases
        record.update({key: value for key, value in mapped.items() if key != "body"})
        text = text[front.end():]
    setext = _SETEXT_TITLE.match(text)
    first_heading = _ATX_HEADING.search(text)
    if setext:
        record["title"] = record.get("title") or setext.group(1).strip()
        text = text[setext.end():]
    elif first_heading and not text[: first_heading.start()].strip():
        record["title"] = record.get("title") or first_heading.group(1).strip()
        text = text[first_heading.end():]
    text = _ATX_HEADING.sub(r"\1", text)
    for pattern, replacement in _MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    record["body"] = text
    return record
