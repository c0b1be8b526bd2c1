"""Reading web sources against a real HTTP server on 127.0.0.1 (tests/news_site.py): feeds
and their pages, dates and canonical URLs, every failure as a rejection with its reason,
robots.txt, conditional GET, retries, timeouts and the per-host limits."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tasks import fetch
from tasks.fetch import FetchPolicy, PoliteFetcher
from tasks.sources_file import Source
from tasks.urls import canonical_url
from tasks.web import FeedState, read_source
from tests.news_site import FEED_ETAG, NewsSite, news_site

# Fast enough for tests, strict enough to exercise every limit.
POLICY = FetchPolicy(timeout_seconds=1.0, retries=2, backoff_seconds=0.05, per_host_concurrency=4,
                     per_host_delay_seconds=0.0)


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with news_site() as running:
        yield running


def by_url(rows: list[tuple[str, str, str]], site: NewsSite) -> dict[str, tuple[str, str]]:
    return {uri.removeprefix(site.base): (stage, reason) for uri, stage, reason in rows}


def test_a_feed_gives_its_pages_with_canonical_urls_and_dates(site: NewsSite) -> None:
    result = read_source(Source("test-news", f"{site.base}/feed.xml"), POLICY, frozenset())
    documents = {document["url"].removeprefix(site.base): document for document in result.documents}
    assert set(documents) == {"/news/berlin-energy-pact.html", "/news/nairobi-protests.html",
                              "/news/tokyo-chips.html", "/news/flaky.html",
                              "/news/redirected-target.html"}
    berlin = documents["/news/berlin-energy-pact.html"]
    # The feed's link carried ?utm_source=rss#top: tracking parameter and fragment are gone.
    assert berlin["input_id"] == berlin["source_uri"] == f"{site.base}/news/berlin-energy-pact.html"
    assert berlin["published_at"] == "Mon, 04 Mar 2024 09:30:00 GMT"  # from the feed entry
    assert berlin["title"] == "Germany and France sign energy pact"
    assert "hydrogen pipeline" in berlin["body"] and "Copyright" not in berlin["body"]
    # No date in the feed entry: the page's own metadata gives it.
    assert documents["/news/tokyo-chips.html"]["published_at"].startswith("2024-03-06")
    # A redirect chain ends at the page it points to; the article has that page's URL.
    assert "Ottawa" in documents["/news/redirected-target.html"]["body"]
    assert site.count("/redirect/1") == site.count("/redirect/2") == 1
    # 500, 500, then 200: fetched on the third attempt.
    assert site.count("/news/flaky.html") == 3
    assert result.feed_state == FeedState(FEED_ETAG, "Mon, 04 Mar 2024 10:00:00 GMT")
    assert result.stats() | {"seconds": 0} == {
        "source": "test-news", "url": f"{site.base}/feed.xml", "entries_seen": 12, "new": 5,
        "unchanged": 0, "failed": 7, "not_modified": False, "requests": result.requests, "seconds": 0}


def test_every_failing_page_is_a_rejection_with_a_reason(site: NewsSite) -> None:
    result = read_source(Source("test-news", f"{site.base}/feed.xml"), POLICY, frozenset())
    assert by_url(result.rejections, site) == {
        "/news/missing.html": ("fetch", "HTTP 404 Not Found"),
        "/news/slow.html": ("fetch", "no answer within 1 s (timeout)"),
        "/loop": ("fetch", "redirect loop (more than 10 redirects)"),
        "/news/binary.html": ("decode", "looks like binary data (PNG image), not text"),
        "/files/report.pdf": ("fetch", "content type application/pdf is not an HTML page; not read"),
        "/news/empty.html": ("parse", "HTML page has no readable main text (only markup, scripts "
                                      "or navigation)"),
        "/private/leak.html": ("fetch", f"robots.txt of {site.base.removeprefix('http://')} "
                                        "disallows this URL for newsflow; not fetched"),
    }
    # robots.txt is read once, and the path it disallows is never requested.
    assert site.count("/robots.txt") == 1
    assert "/private/leak.html" not in site.paths()
    assert {request.user_agent for request in site.requests} == {fetch.USER_AGENT}


def test_an_unchanged_feed_costs_one_conditional_request(site: NewsSite) -> None:
    first = read_source(Source("test-news", f"{site.base}/feed.xml"), POLICY, frozenset())
    site.clear()
    known = frozenset(document["url"] for document in first.documents)
    second = read_source(Source("test-news", f"{site.base}/feed.xml"), POLICY, known, first.feed_state)
    assert second.not_modified and not second.documents and not second.rejections
    feed_requests = [request for request in site.requests if request.path != "/robots.txt"]
    assert [(request.path, request.conditional) for request in feed_requests] == [("/feed.xml", True)]


def test_pages_the_warehouse_holds_are_not_fetched_again(site: NewsSite) -> None:
    known = frozenset({f"{site.base}/news/nairobi-protests.html"})
    result = read_source(Source("atom", f"{site.base}/atom.xml"), POLICY, known)
    # The Atom entry links to the Kenya page with ?fbclid=...: canonically a known URL.
    assert (result.entries_seen, len(result.documents), result.unchanged) == (2, 1, 1)
    assert result.documents[0]["published_at"] == "2024-03-07T05:45:00Z"  # Atom <updated>
    assert "/news/nairobi-protests.html" not in site.paths()


def test_a_single_page_url_is_one_article(site: NewsSite) -> None:
    result = read_source(Source("page", f"{site.base}/news/canberra-trade.html"), POLICY, frozenset())
    (document,) = result.documents
    assert document["url"] == f"{site.base}/news/canberra-trade.html"
    assert "Albanese" in document["body"]
    again = read_source(Source("page", f"{site.base}/news/canberra-trade.html"), POLICY,
                        frozenset({document["url"]}))
    assert (again.unchanged, again.documents) == (1, [])


def test_a_malformed_feed_and_an_unreachable_host_are_rejections(site: NewsSite) -> None:
    broken = read_source(Source("broken", f"{site.base}/broken-feed.xml"), POLICY, frozenset())
    ((uri, stage, reason),) = broken.rejections
    assert (uri, stage) == (f"{site.base}/broken-feed.xml", "parse")
    assert reason.startswith("malformed feed: not readable as RSS or Atom")
    refused = read_source(Source("down", "http://127.0.0.1:9/feed.xml"), POLICY, frozenset())
    assert refused.rejections == [("http://127.0.0.1:9/feed.xml", "fetch",
                                   "connection refused by 127.0.0.1:9")]


def test_a_page_over_the_size_limit_is_not_read(site: NewsSite) -> None:
    small = FetchPolicy(**{**POLICY.__dict__, "max_bytes": 300})
    result = read_source(Source("page", f"{site.base}/news/berlin-energy-pact.html", kind="page"),
                         small, frozenset())
    ((_, stage, reason),) = result.rejections
    assert stage == "fetch"
    assert reason.startswith("page is larger than the size limit of 300 bytes")


def test_requests_to_one_host_keep_the_delay_between_them(site: NewsSite) -> None:
    polite = FetchPolicy(**{**POLICY.__dict__, "per_host_delay_seconds": 0.2})
    result = read_source(Source("atom", f"{site.base}/atom.xml"), polite, frozenset())
    starts = [request.at for request in site.requests]
    assert len(starts) == 4  # robots.txt, the feed, two pages
    # Four starts 0.2 s apart: the source takes at least 0.6 s. The site sees them spread
    # too, give or take the scheduling of a loaded machine between the gate and the socket.
    assert result.seconds >= 0.6
    assert starts[-1] - starts[0] >= 0.45


def test_429_is_retried_after_the_time_the_server_asks_for() -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "0.2"}),
                    httpx.Response(200, text="<html><body><p>ok</p></body></html>",
                                   headers={"Content-Type": "text/html"})])

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404) if request.url.path == "/robots.txt" else next(answers)

    with PoliteFetcher(POLICY) as fetcher:
        fetcher._client = httpx.Client(transport=httpx.MockTransport(respond))  # a fake: unit test
        answer = fetcher.fetch("http://example.test/a")
    assert (answer.status, answer.failure, fetcher.requests) == (200, None, 3)


def test_a_dns_failure_is_named_as_such() -> None:
    def unresolvable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    with PoliteFetcher(POLICY) as fetcher:
        fetcher._client = httpx.Client(transport=httpx.MockTransport(unresolvable))
        answer = fetcher.fetch("http://no-such-host.test/feed.xml")
    assert answer.failure == "could not resolve host no-such-host.test (DNS failure)"


def test_canonical_urls_drop_tracking_parameters_fragments_and_default_ports() -> None:
    assert canonical_url("HTTPS://Example.COM:443/a/b?utm_source=x&id=2&fbclid=y#top") == \
        "https://example.com/a/b?id=2"
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url("http://example.com:8080/x?b=1&a=2") == "http://example.com:8080/x?b=1&a=2"
