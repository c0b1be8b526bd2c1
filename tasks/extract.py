"""Extract: run spaCy over a batch of articles with `nlp.pipe` and turn each parsed Doc into rows.

The per-Doc rules are spaCy pipeline components, newsflow's passes (`tasks.passes`: mentions and
roles, then the event passes, in a declared order), added to the model when it is loaded; this
module only batches, and shapes the rows they leave on each Doc into polars frames.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import polars as pl
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tasks import worker_pool
from tasks.passes import NEWSFLOW_PASSES, RULE_PASSES, add_passes, load_reference_data, run_passes

SENTENCE_SCHEMA = {
    "article_id": pl.String, "sentence_index": pl.Int32, "start_char": pl.Int32,
    "end_char": pl.Int32, "text": pl.String,
}
MENTION_SCHEMA = {
    "article_id": pl.String, "sentence_index": pl.Int32, "start_char": pl.Int32,
    "end_char": pl.Int32, "surface": pl.String, "label": pl.String, "entity_type": pl.String,
    "canonical_hint": pl.String,
}
ROLE_SCHEMA = {
    "article_id": pl.String, "person_start_char": pl.Int32, "person_end_char": pl.Int32,
    "title": pl.String, "affiliation_start_char": pl.Int32, "affiliation_end_char": pl.Int32,
    "affiliation_text": pl.String,
}
EVENT_SCHEMA = {
    "article_id": pl.String, "event_key": pl.Int32, "sentence_index": pl.Int32,
    "trigger": pl.String, "trigger_lemma": pl.String, "start_char": pl.Int32,
    "end_char": pl.Int32, "cameo_code": pl.String, "modality": pl.String, "date_text": pl.String,
    "location_start_char": pl.Int32, "location_end_char": pl.Int32, "confidence": pl.Float64,
}
ARGUMENT_SCHEMA = {
    "article_id": pl.String, "event_key": pl.Int32, "role": pl.String,
    "start_char": pl.Int32, "end_char": pl.Int32,
}
ROW_SCHEMAS = {"sentences": SENTENCE_SCHEMA, "mentions": MENTION_SCHEMA, "roles": ROLE_SCHEMA,
               "events": EVENT_SCHEMA, "event_arguments": ARGUMENT_SCHEMA}
# The columns a pass's row dict gives, in the frame's order (after article_id).
_ROW_COLUMNS = {name: tuple(schema)[1:] for name, schema in ROW_SCHEMAS.items()}
# Articles a worker process parses per job: small, so that at the end of a batch no core waits
# long for the other to finish its last chunk; spaCy's speed hardly depends on it (measured in
# docs/benchmarks.md, "A pool of workers").
WORKER_CHUNK_ARTICLES = 16


@dataclass(frozen=True)
class Extraction:
    """Everything extraction found in a batch of articles, one frame per kind of row."""

    sentences: pl.DataFrame
    mentions: pl.DataFrame
    roles: pl.DataFrame
    events: pl.DataFrame
    event_arguments: pl.DataFrame

    @classmethod
    def concat(cls, parts: list[Extraction]) -> Extraction:
        if not parts:
            return empty_extraction()
        return cls(**{
            name: pl.concat([getattr(part, name) for part in parts], how="vertical")
            for name in ("sentences", "mentions", "roles", "events", "event_arguments")
        })


def empty_extraction() -> Extraction:
    return Extraction(
        sentences=pl.DataFrame(schema=SENTENCE_SCHEMA),
        mentions=pl.DataFrame(schema=MENTION_SCHEMA),
        roles=pl.DataFrame(schema=ROLE_SCHEMA),
        events=pl.DataFrame(schema=EVENT_SCHEMA),
        event_arguments=pl.DataFrame(schema=ARGUMENT_SCHEMA),
    )


_MODEL_LOAD_LOCK = threading.Lock()


def load_model(model_name: str) -> Language:
    """Load a spaCy pipeline once per process. It must be installed: nothing is downloaded."""
    # The lock matters: extraction batches run in threads, and an lru_cache alone lets every
    # thread that asks before the first load finishes load its own copy (seconds and ~100 MB each).
    with _MODEL_LOAD_LOCK:
        return _load_model(model_name)


@lru_cache(maxsize=2)
def _load_model(model_name: str) -> Language:
    try:
        nlp = spacy.load(model_name)
    except OSError as error:
        raise RuntimeError(
            f"spaCy pipeline {model_name!r} is not installed; install its package or set "
            "NEWSFLOW_SPACY_MODEL to one that is"
        ) from error
    load_reference_data()  # before spaCy forks its workers: they inherit it
    return add_passes(nlp)


def parse_documents(
    texts: list[str], model_name: str, batch_size: int = 64, n_process: int = 1,
    without: tuple[str, ...] = NEWSFLOW_PASSES,
) -> Iterator[Doc]:
    """spaCy Docs for `texts`, lazily, with the pipeline's components less `without` (by
    default newsflow's own passes: the model as spaCy ships it, same batching), which
    `benchmarks/throughput.py` times as the raw-spaCy baseline."""
    return load_model(model_name).pipe(texts, batch_size=batch_size, n_process=n_process,
                                       disable=list(without))


_DONE = object()


def return_freed_memory() -> bool:
    """Hand memory freed by parsing back to the operating system. True when some went back;
    False when none could (nothing to release, or no glibc to ask). glibc keeps what spaCy's
    Docs freed for its own later use, but the stages after extraction allocate elsewhere
    (polars and DuckDB bring their own allocator): after parsing 1,000 articles a process
    held 603 MiB, and 220 MiB after this call."""
    trim = _malloc_trim()
    return trim is not None and bool(trim(0))


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    library = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(library).malloc_trim if library else None
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        return None


@lru_cache(maxsize=1)
def _parse_thread() -> ThreadPoolExecutor:
    """One parsing thread for the whole process, reused by every batch: a new thread per batch
    would get its own malloc arena each time, holding freed memory (measured: +900 MB peak
    over a 1,885-article run)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsflow-parse")


def parsed_ahead(docs: Iterator[Doc], lookahead: int) -> Iterator[Doc]:
    """Yield `docs` as a background thread parses them, up to `lookahead` Docs ahead.

    spaCy releases the GIL in its parser and matrix code, so the per-Doc rules run while the
    next Docs parse: on 300 articles, parsing and rules one after the other took 32.5 s,
    overlapped 29.6 s (parsing alone: 30.1 s). An error in the parse is raised here."""
    handoff: queue.Queue[object] = queue.Queue(maxsize=lookahead)
    consumer_gone = threading.Event()

    def hand_over(item: object) -> bool:
        while not consumer_gone.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def parse() -> None:
        try:
            for doc in docs:
                if not hand_over(doc):
                    return
            hand_over(_DONE)
        except BaseException as error:  # handed to the consumer, raised there
            hand_over(error)

    _parse_thread().submit(parse)
    try:
        while (item := handoff.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        consumer_gone.set()


def extract_entities_and_events(
    articles: pl.DataFrame, model_name: str, batch_size: int = 64, n_process: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> Extraction:
    """Parse `articles` (article_id, text) with spaCy in batches and collect rows per Doc.
    `on_progress(articles_done)` is called after every `batch_size` articles (every chunk of
    WORKER_CHUNK_ARTICLES with worker processes)."""
    ids, texts = articles["article_id"].to_list(), articles["text"].to_list()
    rows = _empty_rows()
    load_model(model_name)  # before the workers fork: they inherit it
    if n_process == 1:
        blocks = _rows_in_this_process(ids, texts, model_name, batch_size)
    else:
        chunk = max(1, min(batch_size, WORKER_CHUNK_ARTICLES))
        blocks = worker_pool.map_in_workers(
            rows_of_chunk,
            [(model_name, ids[start:start + chunk], texts[start:start + chunk])
             for start in range(0, len(ids), chunk)],
            key=model_name, workers=n_process)
    done = 0
    for block, articles_in_block in blocks:
        for name, found in block.items():
            rows[name].extend(found)
        done += articles_in_block
        if on_progress is not None:
            on_progress(done)
    return Extraction(**{name: pl.DataFrame(found, schema=ROW_SCHEMAS[name], orient="row")
                         for name, found in rows.items()})


def _rows_in_this_process(ids: list[str], texts: list[str], model_name: str,
                          batch_size: int) -> Iterator[tuple[dict[str, list[tuple]], int]]:
    """Parse in a background thread and run the rule passes here, beside it: spaCy releases
    the GIL while it parses, so the two overlap. Yields the rows of every `batch_size` Docs."""
    nlp = load_model(model_name)
    docs = parse_documents(texts, model_name, batch_size, 1, without=RULE_PASSES)
    block, count = _empty_rows(), 0
    for article_id, doc in zip(ids, parsed_ahead(docs, lookahead=2 * batch_size), strict=True):
        add_rows(block, article_id, run_passes(nlp, doc))
        count += 1
        if count == batch_size:
            yield block, count
            block, count = _empty_rows(), 0
    if count:
        yield block, count


def rows_of_chunk(model_name: str, ids: list[str],
                  texts: list[str]) -> tuple[dict[str, list[tuple]], int]:
    """The rows of a chunk of articles, parsed with the whole pipeline in one `nlp.pipe`
    batch: the job of a worker process (`tasks.worker_pool`), which sends back only these."""
    # The cached pipeline the process was forked with; the lock is skipped, since a fork may
    # have copied it held by another thread of the parent.
    nlp = _load_model(model_name)
    rows = _empty_rows()
    for article_id, doc in zip(ids, nlp.pipe(texts, batch_size=max(1, len(texts))), strict=True):
        add_rows(rows, article_id, doc)
    return rows, len(ids)


def _empty_rows() -> dict[str, list[tuple]]:
    return {name: [] for name in ROW_SCHEMAS}


def add_rows(rows: dict[str, list[tuple]], article_id: str, doc: Doc) -> None:
    """Append the rows of one parsed Doc to `rows`, as tuples in the columns' order."""
    rows["sentences"].extend((article_id, index, sent.start_char, sent.end_char, sent.text)
                             for index, sent in enumerate(doc.sents))
    for name, found in (("mentions", doc._.mentions), ("roles", doc._.roles),
                        ("events", doc._.events), ("event_arguments", doc._.event_arguments)):
        columns = _ROW_COLUMNS[name]
        rows[name].extend((article_id, *(row[column] for column in columns)) for row in found)
