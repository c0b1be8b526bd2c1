"""One web source (a feed or a page) -> RawDocuments + rejections, like a file in tasks.read.

A feed is fetched (conditionally, with the ETag/Last-Modified of the last run), its entries'
links canonicalised, those the warehouse already holds skipped, and the rest fetched by a pool
of threads while this thread extracts the main text of each page as it arrives: fetching and
extraction overlap, so the fetch does not idle the parser (docs/benchmarks.md).

`published_at` comes from the feed entry, else from the page's metadata (trafilatura).
Every failure is a rejection row (source_uri = the URL) with a reason; nothing raises.
"""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from tasks import feeds, read
from tasks.fetch import Fetched, FetchPolicy, PoliteFetcher
from tasks.schemas import REJECTION_SCHEMA
from tasks.sources_file import Source
from tasks.urls import canonical_url

# Stages named in rejections of web sources: "fetch" (network, HTTP, robots.txt, content type,
# size), then "decode" and "parse" as for files.
FETCH_STAGE = "fetch"
STATE_SCHEMA: dict[str, pl.DataType] = {
    "feed_url": pl.String(), "etag": pl.String(), "last_modified": pl.String(),
}


@dataclass(frozen=True)
class FeedState:
    """What the last run learnt of a feed, for a conditional GET (the `source_state` table)."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass
class SourceResult:
    """What reading one source gave: its documents, its rejections and its counts."""

    name: str
    url: str
    documents: list[dict[str, str | None]] = field(default_factory=list)
    rejections: list[tuple[str, str, str]] = field(default_factory=list)
    entries_seen: int = 0
    unchanged: int = 0  # entries (or the page) the warehouse already holds
    resumed: int = 0  # entries an earlier run fetched but did not publish (read from tasks.fetched)
    not_modified: bool = False  # the feed answered 304 to the conditional GET
    feed_state: FeedState | None = None  # to keep for the next run (feeds only)
    requests: int = 0
    seconds: float = 0.0
    kept: str | None = None  # the file its documents were kept in (tasks.fetched)

    def documents_frame(self) -> pl.DataFrame:
        return (pl.DataFrame(self.documents, schema=read.RAW_DOCUMENT_SCHEMA, orient="row")
                if self.documents else pl.DataFrame(schema=read.RAW_DOCUMENT_SCHEMA))

    def rejections_frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.rejections, schema=REJECTION_SCHEMA, orient="row")

    def stats(self) -> dict[str, Any]:
        """The run report's row for this source."""
        return {"source": self.name, "url": self.url, "entries_seen": self.entries_seen,
                "new": len(self.documents) + self.resumed, "unchanged": self.unchanged,
                "failed": len(self.rejections), "not_modified": self.not_modified,
                "requests": self.requests, "seconds": round(self.seconds, 3)}


def read_source(source: Source, policy: FetchPolicy, known_urls: frozenset[str],
                state: FeedState | None = None, stored_urls: frozenset[str] = frozenset()
                ) -> SourceResult:
    """Fetch one source and read what is new in it. Canonical URLs the warehouse holds
    (`known_urls`) or an earlier, unpublished fetch kept (`stored_urls`) are not fetched again."""
    started = time.monotonic()
    result = SourceResult(source.name, source.url)
    with PoliteFetcher(source.policy(policy)) as fetcher:
        _read(source, fetcher, _Known(known_urls, stored_urls), state or FeedState(), result)
        result.requests = fetcher.requests
    result.seconds = time.monotonic() - started
    return result


@dataclass(frozen=True)
class _Known:
    """URLs not to fetch: those the warehouse holds, and those kept by an unpublished fetch."""

    published: frozenset[str]
    stored: frozenset[str]

    def __contains__(self, url: str) -> bool:
        return url in self.published or url in self.stored

    def count(self, url: str, result: SourceResult) -> None:
        if url in self.published:
            result.unchanged += 1
        else:
            result.resumed += 1


def _read(source: Source, fetcher: PoliteFetcher, known_urls: _Known, state: FeedState,
          result: SourceResult) -> None:
    url = canonical_url(source.url)
    if source.kind != "feed" and url in known_urls:
        result.entries_seen = 1  # a single page held already
        known_urls.count(url, result)
        return
    conditional = state if source.kind != "page" else FeedState()
    answer = fetcher.fetch(source.url, etag=conditional.etag, last_modified=conditional.last_modified)
    if answer.failure is not None:
        result.rejections.append((url, FETCH_STAGE, answer.failure))
        return
    if answer.not_modified:
        result.not_modified = True
        return
    # An HTML answer is a page unless its first element is a feed's; so is any other
    # non-feed answer (a PDF given as a URL is then rejected for its content type).
    looks_like_feed = feeds.looks_like_feed("" if answer.is_html else answer.content_type, answer.content)
    is_page = source.kind == "page" or (source.kind == "auto" and not looks_like_feed)
    if is_page:
        result.entries_seen = 1
        _add_page(answer, None, source, known_urls, result)
        return
    try:
        entries = feeds.parse_feed(answer.content, answer.final_url)
    except feeds.FeedError as error:
        result.rejections.append((url, "parse", str(error)))
        return
    result.feed_state = FeedState(answer.etag, answer.last_modified)
    _read_entries(entries[: source.max_entries], source, fetcher, known_urls, result)


def _read_entries(entries: list[feeds.FeedEntry], source: Source, fetcher: PoliteFetcher,
                  known_urls: _Known, result: SourceResult) -> None:
    result.entries_seen = len(entries)
    to_fetch: dict[str, feeds.FeedEntry] = {}
    for number, entry in enumerate(entries, start=1):
        if not entry.link:
            result.rejections.append((f"{canonical_url(source.url)}#entry-{number}", "parse",
                                      f"feed entry {number} has no link to an article"))
            continue
        link = canonical_url(entry.link)
        if link in to_fetch:
            result.entries_seen -= 1  # the same article twice in one feed
            continue
        if link in known_urls:
            known_urls.count(link, result)
            continue
        to_fetch[link] = entry
    if not to_fetch:
        return
    # Threads fetch (they wait on the network, and on the per-host limits); this thread
    # extracts each page as soon as it has arrived.
    workers = max(1, fetcher.policy.per_host_concurrency)
    parts: dict[str, SourceResult] = {}  # per link, merged in feed order: runs list the same
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsflow-fetch") as pool:
        pending: dict[Future[Fetched], str] = {pool.submit(fetcher.fetch, link): link for link in to_fetch}
        for future in as_completed(pending):
            link = pending[future]
            parts[link] = SourceResult(source.name, link)
            _add_page(future.result(), to_fetch[link], source, known_urls, parts[link])
    for link in to_fetch:
        result.documents += parts[link].documents
        result.rejections += parts[link].rejections
        result.unchanged += parts[link].unchanged
        result.resumed += parts[link].resumed


def _add_page(answer: Fetched, entry: feeds.FeedEntry | None, source: Source,
              known_urls: _Known, result: SourceResult) -> None:
    """A fetched page -> a document (or a rejection) in `result`."""
    url = canonical_url(answer.url)
    if answer.failure is not None:
        result.rejections.append((url, FETCH_STAGE, answer.failure))
        return
    final_url = canonical_url(answer.final_url)
    if final_url != url and final_url in known_urls:
        known_urls.count(final_url, result)  # a link that redirects to a page held already
        return
    if not answer.is_html:
        kind = answer.content_type.split(";")[0].strip() or "none given"
        result.rejections.append((url, FETCH_STAGE, f"content type {kind} is not an HTML page; not read"))
        return
    document = page_document(answer.content, final_url, source.name, entry)
    if isinstance(document, tuple):
        result.rejections.append((url, *document))
    else:
        result.documents.append(document)


def page_document(content: bytes, url: str, source_name: str | None,
                  entry: feeds.FeedEntry | None = None) -> dict[str, str | None] | tuple[str, str]:
    """An HTML page's bytes -> a RawDocuments row, or (stage, reason) when it has no text.
    The feed entry's date wins over the page's metadata; its title fills a missing one."""
    if not content.strip():
        return "read", "page is empty (0 bytes of content)"
    try:
        decoded = read.decode_bytes(content)
        record = read.html_page_record(decoded.text)
    except read.DecodeError as error:
        return "decode", str(error)
    except read.ParseError as error:
        return "parse", str(error)
    return {
        "input_id": url, "source_uri": url, "content_hash": hashlib.sha256(content).hexdigest(),
        "title": record.get("title") or (entry.title if entry else None),
        "body": record["body"],
        "published_at": (entry.published_at if entry else None) or record.get("published_at"),
        "url": url,
        "source_name": record.get("source_name") or source_name,
        "decode_note": decoded.note,
    }


def feed_state_frame(results: list[SourceResult]) -> pl.DataFrame:
    """source_state rows (feed_url, etag, last_modified) of the feeds read in a run."""
    rows = [(canonical_url(result.url), result.feed_state.etag, result.feed_state.last_modified)
            for result in results if result.feed_state is not None and not result.not_modified]
    return pl.DataFrame(rows, schema=STATE_SCHEMA, orient="row")
