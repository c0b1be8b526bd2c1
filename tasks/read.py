"""Read input files and folders into RawDocuments (the I/O edge on the way in).

Every input record ends as exactly one row: a document in `ReadResult.documents` or a rejection
in `ReadResult.rejections` (source_uri, stage, reason), so inputs_seen = documents + rejections.
Nothing here raises for a bad file; only a path that does not exist at all raises
FileNotFoundError (a usage error, reported by the CLI as one line).

Stages named in rejections: "read" (not a usable file: too big, empty, unsupported, link leaving
the input folder, OS error), "decode" (bytes are not text), "parse" (JSON/HTML structure).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from tasks.schemas import REJECTION_SCHEMA

DATA_DIR = Path(__file__).resolve().parent / "data"

WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")  # web archives, read by tasks.warc
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".json", ".jsonl", ".html", ".htm",
                                       *WARC_SUFFIXES)

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

# Share of control bytes (other than tab/newline/carriage return/form feed/escape) above which
# the bytes are taken to be binary, after NUL bytes are set aside. Real text has none.
MAX_CONTROL_BYTE_SHARE = 0.05
# Bytes inspected for binary signatures / control bytes; enough to judge, cheap on big files.
SNIFF_BYTES = 8192
HASH_CHUNK_BYTES = 1 << 20
# Legacy encodings of non-Latin scripts that charset-normalizer may pick for bytes that are not
# UTF-8 (Python codec names). Anything else falls back to cp1252.
NON_WESTERN_CODECS = frozenset({
    "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004",
    "euc_jisx0213", "iso2022_jp", "gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950",
    "cp949", "euc_kr", "iso2022_kr", "johab", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "mac_cyrillic", "cp866", "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256",
    "iso8859_6", "cp874", "tis_620",
})
# Share of bytes >= 0x80 above which non-UTF-8 bytes are taken to be a non-Latin script.
MIN_NON_WESTERN_HIGH_BYTE_SHARE = 0.3


@dataclass(frozen=True)
class ReadResult:
    """What `read_inputs` returns: documents (RAW_DOCUMENT_SCHEMA) and rejections."""

    documents: pl.DataFrame
    rejections: pl.DataFrame


@dataclass(frozen=True)
class _Rejection:
    source_uri: str
    stage: str
    reason: str


@dataclass(frozen=True)
class _Decoded:
    text: str
    note: str | None


class _DecodeError(Exception):
    """The bytes are not text we can read; the message is the rejection reason."""


class _ParseError(Exception):
    """The text is not the structure its extension promises; the message is the reason."""


# ---------------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------------


def discover_inputs(paths: list[Path]) -> tuple[list[Path], pl.DataFrame]:
    """Expand files and folders (recursively, sorted) into candidate input files.

    Symbolic links are followed only while they stay inside the folder they were found in (for a
    file named directly: its own folder); others, broken links, unsupported file types and
    non-regular files (FIFOs, devices) become rejection rows. Raises FileNotFoundError for a
    path that does not exist.
    """
    missing = [path for path in paths if not os.path.lexists(path)]
    if missing:
        raise FileNotFoundError(f"input path not found: {missing[0]}")
    candidates: list[Path] = []
    rejections: list[_Rejection] = []
    for given in paths:
        given = Path(given)
        if given.is_dir():  # a folder, or a link to one that the user named explicitly
            root = Path(os.path.abspath(given))
            for entry in _walk_sorted(root):
                _classify_entry(entry, root, candidates, rejections)
        else:
            file_path = Path(os.path.abspath(given))
            _classify_entry(file_path, file_path.parent, candidates, rejections)
    unique_candidates = sorted(dict.fromkeys(candidates), key=str)
    return unique_candidates, _rejections_frame(rejections)


def _walk_sorted(root: Path) -> Iterator[Path]:
    """Every entry under root (files, links, special files), depth first, in sorted order.

    Directories that are symbolic links are yielded, not descended into, so a link cannot make
    the walk leave the folder or loop.
    """
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        linked_dirs = [name for name in dirnames if (here / name).is_symlink()]
        dirnames[:] = [name for name in dirnames if name not in linked_dirs]
        for name in sorted([*filenames, *linked_dirs]):
            yield here / name


def _classify_entry(
    path: Path, root: Path, candidates: list[Path], rejections: list[_Rejection]
) -> None:
    uri = str(path)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            rejections.append(_Rejection(uri, "read", "broken symbolic link (its target does "
                                                      "not exist); not followed"))
            return
        if not target.is_relative_to(root.resolve()):
            rejections.append(_Rejection(
                uri, "read",
                f"symbolic link points outside the input folder (to {target}); not followed"))
            return
        if target.is_dir():
            return  # a link to a folder inside the input: its files are already walked
    try:
        mode = path.stat().st_mode
    except OSError as error:
        rejections.append(_Rejection(uri, "read", f"could not inspect file: {error.strerror}"))
        return
    if stat.S_ISDIR(mode):
        return
    if not stat.S_ISREG(mode):
        rejections.append(_Rejection(uri, "read", "not a regular file (a device, pipe or "
                                                  "socket); not read"))
        return
    if not os.access(path, os.R_OK):
        rejections.append(_Rejection(uri, "read", "could not read file: Permission denied"))
        return
    if not path.name.lower().endswith(SUPPORTED_SUFFIXES):
        kind = f"'{path.suffix}'" if path.suffix else "no extension"
        rejections.append(_Rejection(
            uri, "read",
            f"unsupported file type ({kind}); newsflow reads {', '.join(SUPPORTED_SUFFIXES)}"))
        return
    candidates.append(path)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def file_content_hash(path: Path) -> str:
    """sha256 hex digest of the file's bytes, streamed (works on files over the size limit).

    A file that cannot be opened (removed or locked since discovery) gets a marker derived from
    its path instead of raising, so the run carries on and `read_inputs` rejects it.
    """
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(HASH_CHUNK_BYTES), b""):
                digest.update(chunk)
    except OSError:
        return "unreadable-" + hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()
    return digest.hexdigest()


def chunks_of_files(files: list[Path], chunk_bytes: int) -> list[list[Path]]:
    """Consecutive files grouped into chunks of about `chunk_bytes` on disk (a larger file is a
    chunk of its own), so a run can read and clean its inputs a chunk at a time."""
    chunks: list[list[Path]] = []
    size = 0
    for path in files:
        try:
            file_size = path.stat().st_size
        except OSError:
            file_size = 0  # read_inputs rejects it with the reason
        if not chunks or size + file_size > chunk_bytes:
            chunks.append([])
            size = 0
        chunks[-1].append(path)
        size += file_size
    return chunks


def read_inputs(files: list[Path], max_input_bytes: int) -> ReadResult:
    """Read each file into zero or more RawDocuments rows; anything unusable is a rejection."""
    documents: list[dict[str, str | None]] = []
    rejections: list[_Rejection] = []
    for path in files:
        try:
            file_documents, file_rejections = read_file(Path(path), max_input_bytes)
        except Exception as error:  # one odd file must not stop the run
            file_documents = []
            file_rejections = [_Rejection(str(Path(os.path.abspath(path))), "read",
                                          f"could not be read ({type(error).__name__}: {error})")]
        documents.extend(file_documents)
        rejections.extend(file_rejections)
    return ReadResult(
        documents=pl.DataFrame(documents, schema=RAW_DOCUMENT_SCHEMA, orient="row")
        if documents else pl.DataFrame(schema=RAW_DOCUMENT_SCHEMA),
        rejections=_rejections_frame(rejections),
    )


def read_file(
    path: Path, max_input_bytes: int
) -> tuple[list[dict[str, str | None]], list[_Rejection]]:
    """One file: its documents and rejections (the per-file step of `read_inputs`)."""
    uri = str(Path(os.path.abspath(path)))
    if path.name.lower().endswith(WARC_SUFFIXES):
        from tasks.warc import read_warc  # the size limit applies to each archived page

        documents, rejections = read_warc(path, max_input_bytes)
        return documents, [_Rejection(*rejection) for rejection in rejections]
    raw_or_rejection = _read_bytes(path, uri, max_input_bytes)
    if isinstance(raw_or_rejection, _Rejection):
        return [], [raw_or_rejection]
    raw = raw_or_rejection
    content_hash = hashlib.sha256(raw).hexdigest()
    if not raw:
        return [], [_Rejection(uri, "read", "file is empty (0 bytes)")]
    try:
        decoded = decode_bytes(raw)
    except _DecodeError as error:
        return [], [_Rejection(uri, "decode", str(error))]
    if _is_blank(decoded.text):
        return [], [_Rejection(uri, "read", "file contains only whitespace, no text")]

    suffix = path.suffix.lower()
    base = {"source_uri": uri, "content_hash": content_hash, "decode_note": decoded.note}
    try:
        if suffix in (".json", ".jsonl"):
            return _json_documents(decoded.text, uri, base, as_lines=suffix == ".jsonl")
        if suffix in (".html", ".htm"):
            record = _html_record(decoded.text)
        elif suffix == ".md":
            record = _markdown_record(decoded.text)
        elif _HTML_DOCUMENT_START.match(decoded.text):
            record = _html_record(decoded.text)  # a saved web page with a text extension
        else:
            record = {"body": decoded.text}
    except _ParseError as error:
        return [], [_Rejection(uri, "parse", str(error))]
    return [_document(uri, base, record)], []


def _read_bytes(path: Path, uri: str, max_input_bytes: int) -> bytes | _Rejection:
    too_big = (f"file is larger than the input size limit of {max_input_bytes:,} bytes "
               "(NEWSFLOW_MAX_INPUT_BYTES); not read")
    try:
        size = path.stat().st_size
        if size > max_input_bytes:
            return _Rejection(uri, "read", f"{too_big} (it has {size:,} bytes)")
        with open(path, "rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is still caught
            # without reading all of it.
            raw = handle.read(max_input_bytes + 1)
    except OSError as error:
        return _Rejection(uri, "read", f"could not read file: {error.strerror or error}")
    if len(raw) > max_input_bytes:
        return _Rejection(uri, "read", too_big)
    return raw


def _document(uri_or_id: str, base: dict[str, str | None],
              record: dict[str, str | None]) -> dict[str, str | None]:
    row: dict[str, str | None] = dict.fromkeys(RAW_DOCUMENT_SCHEMA)
    row.update(base)
    row.update({key: value for key, value in record.items() if key in RAW_DOCUMENT_SCHEMA})
    row["input_id"] = uri_or_id
    return row


def _rejections_frame(rejections: list[_Rejection]) -> pl.DataFrame:
    if not rejections:
        return pl.DataFrame(schema=REJECTION_SCHEMA)
    return pl.DataFrame(
        [(r.source_uri, r.stage, r.reason) for r in rejections],
        schema=REJECTION_SCHEMA, orient="row",
    )


_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]*")


def _is_blank(text: str) -> bool:
    """Whitespace-only, counting zero-width characters and stray BOMs as whitespace too."""
    return _INVISIBLE.fullmatch(text) is not None


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32", "decoded as UTF-32 (byte-order mark)"),
    (codecs.BOM_UTF32_BE, "utf-32", "decoded as UTF-32 (byte-order mark)"),
    (codecs.BOM_UTF8, "utf-8-sig", "decoded as UTF-8 (byte-order mark removed)"),
    (codecs.BOM_UTF16_LE, "utf-16", "decoded as UTF-16 (byte-order mark)"),
    (codecs.BOM_UTF16_BE, "utf-16", "decoded as UTF-16 (byte-order mark)"),
)
# Control bytes that never occur in text (NUL is handled separately: it is stripped if the rest
# is text). Tab, LF, VT, FF, CR and ESC are allowed.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20),
                        0x7F])


@lru_cache(maxsize=1)
def _binary_signatures() -> tuple[tuple[int, bytes, str], ...]:
    with open(DATA_DIR / "input_binary_signatures.csv", newline="", encoding="utf-8") as handle:
        return tuple(
            (int(row["offset"]), bytes.fromhex(row["hex_signature"]), row["description"])
            for row in csv.DictReader(handle)
        )


def decode_bytes(raw: bytes) -> _Decoded:
    """Bytes to text: BOM-marked Unicode, UTF-16 without BOM, UTF-8, then cp1252/latin-1.

    Anything but plain UTF-8 is recorded in the note, so a legacy fallback is never silent.
    Raises _DecodeError (reason text) for binary data.
    """
    for offset, signature, description in _binary_signatures():
        if raw[offset:offset + len(signature)] == signature:
            raise _DecodeError(f"looks like binary data ({description}), not text")
    for bom, codec, note in _BOMS:
        if raw.startswith(bom):
            try:
                return _strip_nul_chars(raw.decode(codec), note)
            except UnicodeDecodeError as error:
                raise _DecodeError(
                    f"starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()} (bad bytes at offset {error.start})") from error
    utf16 = _decode_utf16_without_bom(raw)
    if utf16 is not None:
        return utf16

    nul_count = raw.count(0)
    text_bytes = raw.replace(b"\x00", b"") if nul_count else raw
    if nul_count and not text_bytes.strip():
        raise _DecodeError("contains only NUL bytes, no text")
    sample = text_bytes[:SNIFF_BYTES]
    control_share = sum(sample.count(byte) for byte in _CONTROL_BYTES) / len(sample)
    if control_share > MAX_CONTROL_BYTE_SHARE:
        raise _DecodeError(f"looks like binary data ({control_share:.0%} of the first bytes are "
                           "control characters), not text")
    plural = "s" if nul_count != 1 else ""
    nul_note = f"removed {nul_count:,} NUL byte{plural}" if nul_count else None
    try:
        return _Decoded(text_bytes.decode("utf-8"), nul_note)
    except UnicodeDecodeError as error:
        utf8_error = error
    non_western = _decode_non_western(text_bytes)
    if non_western is not None:
        text, codec_note = non_western
    else:
        # Not UTF-8: the usual culprit in news feeds is Windows-1252 (a superset of latin-1's
        # printable range). Its five undefined bytes fall back to latin-1, which maps any byte.
        try:
            text, codec_note = text_bytes.decode("cp1252"), "decoded as cp1252 (Windows-1252)"
        except UnicodeDecodeError:
            text, codec_note = text_bytes.decode("latin-1"), "decoded as latin-1 (ISO-8859-1)"
    note = (f"not valid UTF-8 (byte 0x{text_bytes[utf8_error.start]:02x} at offset "
            f"{utf8_error.start}); {codec_note}")
    return _Decoded(text, f"{note}; {nul_note}" if nul_note else note)


def _decode_non_western(raw: bytes) -> tuple[str, str] | None:
    """Legacy CJK, Cyrillic, Greek, Hebrew, Arabic or Thai encodings, via charset-normalizer.

    Only trusted when most bytes are non-ASCII, as in those scripts: for Western text (mostly
    ASCII, a few accented letters) the detector's choice among Latin code pages is unreliable,
    so that case stays with cp1252.
    """
    sample = raw[:SNIFF_BYTES * 8]
    high_share = sum(byte >= 0x80 for byte in sample) / len(sample)
    if high_share < MIN_NON_WESTERN_HIGH_BYTE_SHARE:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding not in NON_WESTERN_CODECS:
        return None
    try:
        text = raw.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return text, f"decoded as {best.encoding} (detected by charset-normalizer)"


def _decode_utf16_without_bom(raw: bytes) -> _Decoded | None:
    """UTF-16 text without a BOM shows NULs in every other byte (for Latin-script text)."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    even_nuls = raw[0::2].count(0)
    odd_nuls = raw[1::2].count(0)
    half = len(raw) // 2
    for codec, nuls, other in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls,
                                                                     odd_nuls)):
        if nuls >= 0.6 * half and other <= 0.05 * half:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            return _strip_nul_chars(text, f"decoded as {codec.upper()} (no byte-order mark; "
                                          "guessed from its NUL bytes)")
    return None


def _strip_nul_chars(text: str, note: str) -> _Decoded:
    nul_count = text.count("\x00")
    if not nul_count:
        return _Decoded(text, note)
    return _Decoded(text.replace("\x00", ""), f"{note}; removed {nul_count:,} NUL characters")


# ---------------------------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _json_field_aliases() -> dict[str, tuple[str, ...]]:
    with open(DATA_DIR / "input_json_fields.json", encoding="utf-8") as handle:
        loaded = json.load(handle)
    return {key: tuple(values) for key, values in loaded.items() if not key.startswith("_")}


def _json_documents(
    text: str, uri: str, base: dict[str, str | None], *, as_lines: bool
) -> tuple[list[dict[str, str | None]], list[_Rejection]]:
    if as_lines:
        return _jsonl_documents(text, uri, base)
    try:
        loaded = json.loads(text)
    except RecursionError:
        return [], [_Rejection(uri, "parse", "JSON is nested too deeply to read")]
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":
            # Several objects one per line in a .json file: read it as JSON Lines.
            documents, rejections = _jsonl_documents(text, uri, base)
            if not rejections:
                return documents, rejections
        return [], [_Rejection(uri, "parse", _describe_json_error(error, text))]

    items: list[Any] | None = None
    if isinstance(loaded, list):
        items = loaded
    elif isinstance(loaded, dict):
        items = _wrapped_record_list(loaded)
        if items is None:
            try:
                return [_document(uri, base, _json_record(loaded))], []
            except _ParseError as error:
                return [], [_Rejection(uri, "parse", str(error))]
    else:
        return [], [_Rejection(uri, "parse", f"JSON holds a {_json_type(loaded)}; expected an "
                                             "object or a list of objects (one per article)")]
    if not items:
        return [], [_Rejection(uri, "parse", "JSON list is empty: no articles in it")]
    documents: list[dict[str, str | None]] = []
    rejections: list[_Rejection] = []
    for number, item in enumerate(items, start=1):
        input_id = f"{uri}#{number}"
        try:
            if not isinstance(item, dict):
                raise _ParseError(f"item {number} of the JSON list is a {_json_type(item)}, "
                                  "not an object")
            documents.append(_document(input_id, base, _json_record(item)))
        except _ParseError as error:
            rejections.append(_Rejection(input_id, "parse", str(error)))
    return documents, rejections


def _jsonl_documents(
    text: str, uri: str, base: dict[str, str | None]
) -> tuple[list[dict[str, str | None]], list[_Rejection]]:
    documents: list[dict[str, str | None]] = []
    rejections: list[_Rejection] = []
    # split("\n"), not splitlines(): U+2028 and friends may legally sit inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if _is_blank(line):
            continue
        input_id = f"{uri}#L{number}"
        try:
            try:
                loaded = json.loads(line)
            except RecursionError as error:
                raise _ParseError(f"line {number} is JSON nested too deeply to read") from error
            except json.JSONDecodeError as error:
                raise _ParseError(f"line {number} is not valid JSON: {error.msg} "
                                  f"(column {error.colno})") from error
            if not isinstance(loaded, dict):
                raise _ParseError(f"line {number} is a JSON {_json_type(loaded)}, not an object")
            documents.append(_document(input_id, base, _json_record(loaded)))
        except _ParseError as error:
            rejections.append(_Rejection(input_id, "parse", str(error)))
    if not documents and not rejections:
        rejections.append(_Rejection(uri, "parse", "JSON Lines file has no records"))
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
    """Map one JSON object's fields onto RawDocuments columns; raise _ParseError if no text."""
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
    if not isinstance(body, str) or _is_blank(body):
        expected = ", ".join(f"'{alias}'" for alias in aliases["body"][:3])
        found = ", ".join(f"'{key}'" for key in list(record)[:10]) or "none"
        problem = ("has no article text" if body is None
                   else f"has a {_json_type(body)} where the article text should be"
                   if not isinstance(body, str) else "has empty article text")
        raise _ParseError(f"JSON record {problem}: expected a non-empty string in one of the "
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


_HTML_DOCUMENT_START = re.compile(r"\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
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
    return _html_record(page)


DecodeError = _DecodeError  # public names for the readers of fetched and archived pages
ParseError = _ParseError


def _html_record(page: str) -> dict[str, str | None]:
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
    if _is_blank(text):
        raise _ParseError("HTML page has no readable main text (only markup, scripts or "
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


def _markdown_record(text: str) -> dict[str, str | None]:
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
