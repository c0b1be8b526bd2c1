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
    `on_progress(articles_done)` is called after every `batch_size` articles."""
    rows: dict[str, list[dict]] = {
        "sentences": [], "mentions": [], "roles": [], "events": [], "event_arguments": []
    }
    ids = articles["article_id"].to_list()
    nlp = load_model(model_name)
    if n_process == 1:
        # parse in a background thread and run the rule passes here, beside it: spaCy releases
        # the GIL while it parses, so the two overlap
        docs = parse_documents(articles["text"].to_list(), model_name, batch_size, 1, without=RULE_PASSES)
        docs = (run_passes(nlp, doc) for doc in parsed_ahead(docs, lookahead=2 * batch_size))
    else:  # every pass runs in spaCy's worker processes
        docs = parse_documents(articles["text"].to_list(), model_name, batch_size, n_process, without=())
    for done, (article_id, doc) in enumerate(zip(ids, docs, strict=True), start=1):
        if on_progress is not None and (done % batch_size == 0 or done == len(ids)):
            on_progress(done)
        for index, sent in enumerate(doc.sents):
            rows["sentences"].append({
                "article_id": article_id, "sentence_index": index,
                "start_char": sent.start_char, "end_char": sent.end_char, "text": sent.text,
            })
        for name, found in (("mentions", doc._.mentions), ("roles", doc._.roles), ("events", doc._.events),
                            ("event_arguments", doc._.event_arguments)):
            rows[name].extend({"article_id": article_id, **row} for row in found)
    return Extraction(
        sentences=pl.DataFrame(rows["sentences"], schema=SENTENCE_SCHEMA),
        mentions=pl.DataFrame(rows["mentions"], schema=MENTION_SCHEMA),
        roles=pl.DataFrame(rows["roles"], schema=ROLE_SCHEMA),
        events=pl.DataFrame(rows["events"], schema=EVENT_SCHEMA),
        event_arguments=pl.DataFrame(rows["event_arguments"], schema=ARGUMENT_SCHEMA),
    )
