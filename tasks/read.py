"""Read input files and folders into RawDocuments (the I/O edge on the way in).

Every input record ends as exactly one row: a document in `ReadResult.documents` or a rejection
in `ReadResult.rejections` (source_uri, stage, reason), so inputs_seen = documents + rejections.
Nothing here raises for a bad file; only a path that does not exist at all raises
FileNotFoundError (a usage error, reported by the CLI as one line).

Stages named in rejections: "read" (not a usable file: too big, empty, unsupported, link leaving
the input folder, OS error), "decode" (bytes are not text), "parse" (JSON/HTML structure).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from tasks.decode import DecodeError, decode_bytes, is_blank
from tasks.formats import (
    HTML_DOCUMENT_START,
    ParseError,
    Rejection,
    document_row,
    html_page_record,
    html_record,
    json_documents,
    markdown_record,
)
from tasks.schemas import RAW_DOCUMENT_SCHEMA, REJECTION_SCHEMA

# Names the readers of fetched and archived pages (tasks.web, tasks.warc) use through this module.
__all__ = ["RAW_DOCUMENT_SCHEMA", "DecodeError", "ParseError", "decode_bytes", "html_page_record"]

WARC_SUFFIXES: tuple[str, ...] = (".warc", ".warc.gz")  # web archives, read by tasks.warc
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".json", ".jsonl", ".html", ".htm",
                                       *WARC_SUFFIXES)

HASH_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class ReadResult:
    """What `read_inputs` returns: documents (RAW_DOCUMENT_SCHEMA) and rejections."""

    documents: pl.DataFrame
    rejections: pl.DataFrame


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
    rejections: list[Rejection] = []
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
    path: Path, root: Path, candidates: list[Path], rejections: list[Rejection]
) -> None:
    uri = str(path)
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            rejections.append(Rejection(uri, "read", "broken symbolic link (its target does "
                                                      "not exist); not followed"))
            return
        if not target.is_relative_to(root.resolve()):
            rejections.append(Rejection(
                uri, "read",
                f"symbolic link points outside the input folder (to {target}); not followed"))
            return
        if target.is_dir():
            return  # a link to a folder inside the input: its files are already walked
    try:
        mode = path.stat().st_mode
    except OSError as error:
        rejections.append(Rejection(uri, "read", f"could not inspect file: {error.strerror}"))
        return
    if stat.S_ISDIR(mode):
        return
    if not stat.S_ISREG(mode):
        rejections.append(Rejection(uri, "read", "not a regular file (a device, pipe or "
                                                  "socket); not read"))
        return
    if not os.access(path, os.R_OK):
        rejections.append(Rejection(uri, "read", "could not read file: Permission denied"))
        return
    if not path.name.lower().endswith(SUPPORTED_SUFFIXES):
        kind = f"'{path.suffix}'" if path.suffix else "no extension"
        rejections.append(Rejection(
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
    rejections: list[Rejection] = []
    for path in files:
        try:
            file_documents, file_rejections = read_file(Path(path), max_input_bytes)
        except Exception as error:  # one odd file must not stop the run
            file_documents = []
            file_rejections = [Rejection(str(Path(os.path.abspath(path))), "read",
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
) -> tuple[list[dict[str, str | None]], list[Rejection]]:
    """One file: its documents and rejections (the per-file step of `read_inputs`)."""
    uri = str(Path(os.path.abspath(path)))
    if path.name.lower().endswith(WARC_SUFFIXES):
        from tasks.warc import read_warc  # the size limit applies to each archived page

        documents, rejections = read_warc(path, max_input_bytes)
        return documents, [Rejection(*rejection) for rejection in rejections]
    raw_or_rejection = _read_bytes(path, uri, max_input_bytes)
    if isinstance(raw_or_rejection, Rejection):
        return [], [raw_or_rejection]
    raw = raw_or_rejection
    content_hash = hashlib.sha256(raw).hexdigest()
    if not raw:
        return [], [Rejection(uri, "read", "file is empty (0 bytes)")]
    try:
        decoded = decode_bytes(raw)
    except DecodeError as error:
        return [], [Rejection(uri, "decode", str(error))]
    if is_blank(decoded.text):
        return [], [Rejection(uri, "read", "file contains only whitespace, no text")]

    suffix = path.suffix.lower()
    base = {"source_uri": uri, "content_hash": content_hash, "decode_note": decoded.note}
    try:
        if suffix in (".json", ".jsonl"):
            return json_documents(decoded.text, uri, base, as_lines=suffix == ".jsonl")
        if suffix in (".html", ".htm"):
            record = html_record(decoded.text)
        elif suffix == ".md":
            record = markdown_record(decoded.text)
        elif HTML_DOCUMENT_START.match(decoded.text):
            record = html_record(decoded.text)  # a saved web page with a text extension
        else:
            record = {"body": decoded.text}
    except ParseError as error:
        return [], [Rejection(uri, "parse", str(error))]
    return [document_row(uri, base, record)], []


def _read_bytes(path: Path, uri: str, max_input_bytes: int) -> bytes | Rejection:
    too_big = (f"file is larger than the input size limit of {max_input_bytes:,} bytes "
               "(NEWSFLOW_MAX_INPUT_BYTES); not read")
    try:
        size = path.stat().st_size
        if size > max_input_bytes:
            return Rejection(uri, "read", f"{too_big} (it has {size:,} bytes)")
        with open(path, "rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is still caught
            # without reading all of it.
            raw = handle.read(max_input_bytes + 1)
    except OSError as error:
        return Rejection(uri, "read", f"could not read file: {error.strerror or error}")
    if len(raw) > max_input_bytes:
        return Rejection(uri, "read", too_big)
    return raw


def _rejections_frame(rejections: list[Rejection]) -> pl.DataFrame:
    if not rejections:
        return pl.DataFrame(schema=REJECTION_SCHEMA)
    return pl.DataFrame(
        [(r.source_uri, r.stage, r.reason) for r in rejections],
        schema=REJECTION_SCHEMA, orient="row",
    )


