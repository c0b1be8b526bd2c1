"""A real HTTP news site on 127.0.0.1 for the fetching tests (standard library, one thread per
request): an RSS and an Atom feed linking to article pages, and every way a page can fail.

Every request is logged (path and whether it was conditional), so a test can count them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# Short articles written for these tests: enough text for trafilatura and spaCy to work on.
ARTICLES = {
    "/news/berlin-energy-pact.html": (
        "Germany and France sign energy pact",
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Monday. "
        "Germany and France signed an agreement to build a hydrogen pipeline, the two "
        "governments said. The pipeline will link ports on the North Sea with industrial "
        "regions in the south of both countries, officials in Paris added.",
    ),
    "/news/nairobi-protests.html": (
        "Kenya protests over tax bill",
        "Police in Kenya arrested dozens of protesters in Nairobi on Tuesday. President William "
        "Ruto said the government would withdraw the finance bill after the protests. "
        "Opposition leaders in Nairobi welcomed the decision but said the demonstrations would "
        "continue until the budget was changed.",
    ),
    "/news/tokyo-chips.html": (
        "Japan offers subsidies to chip makers",
        "Japan offered subsidies to Micron Technology on Wednesday to build a new factory in "
        "Hiroshima, the Ministry of Economy said. The government in Tokyo wants to revive its "
        "semiconductor industry and reduce its reliance on imports from China.",
    ),
    "/news/canberra-trade.html": (
        "Australia and India agree trade deal",
        "Australia and India agreed a trade deal in Canberra on Thursday. Prime Minister "
        "Anthony Albanese said the agreement would cut tariffs on wine and coal. Indian "
        "officials said talks on services would resume in New Delhi next month.",
    ),
    "/news/flaky.html": (
        "Brazil and Argentina hold talks",
        "Brazilian President Luiz Inacio Lula da Silva met Argentine officials in Brasilia on "
        "Friday. Brazil and Argentina agreed to expand their trade in natural gas, the foreign "
        "ministry in Brasilia said after the meeting.",
    ),
    "/news/redirected-target.html": (
        "Canada expels diplomat",
        "Canada expelled an Indian diplomat from Ottawa on Monday, Foreign Minister Melanie "
        "Joly said. India rejected the accusations made by the government in Ottawa and "
        "summoned the Canadian envoy in New Delhi in response.",
    ),
    "/private/leak.html": (
        "A page robots.txt forbids",
        "This page must never be fetched by a crawler that honours robots.txt, because the "
        "site disallowed the whole folder it lives in for every user agent.",
    ),
}
# The date each page's own metadata states (the feed entry's date, when it has one, wins).
PAGE_DATES = {"/news/tokyo-chips.html": "2024-03-06T08:00:00Z"}
FEED_ETAG = '"feed-v1"'
FEED_LAST_MODIFIED = "Mon, 04 Mar 2024 10:00:00 GMT"
SLOW_SECONDS = 3.0


def article_html(path: str) -> bytes:
    title, text = ARTICLES[path]
    sentences = text.split(". ")
    half = len(sentences) // 2
    paragraphs = [". ".join(sentences[:half]) + ".", ". ".join(sentences[half:])]
    date = PAGE_DATES.get(path)
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright Test News</footer></body></html>").encode()


def rss_feed(base: str) -> bytes:
    items = [
        ("Germany and France sign energy pact", "/news/berlin-energy-pact.html?utm_source=rss#top",
         "Mon, 04 Mar 2024 09:30:00 GMT"),
        ("Kenya protests over tax bill", "/news/nairobi-protests.html", "Tue, 05 Mar 2024 07:15:00 GMT"),
        ("Japan offers subsidies", "/news/tokyo-chips.html", None),  # date from the page
        ("Brazil and Argentina hold talks", "/news/flaky.html", "Fri, 08 Mar 2024 12:00:00 GMT"),
        ("Slow page", "/news/slow.html", None),
        ("Gone", "/news/missing.html", None),
        ("Redirected", "/redirect/1", "Mon, 11 Mar 2024 06:00:00 GMT"),
        ("Loop", "/loop", None),
        ("Binary", "/news/binary.html", None),
        ("A PDF", "/files/report.pdf", None),
        ("No text", "/news/empty.html", None),
        ("Forbidden by robots.txt", "/private/leak.html", None),
    ]
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{link}</link>"
        + (f"<pubDate>{date}</pubDate>" if date else "") + "</item>"
        for title, link, date in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Test News</title><link>{base}/</link><description>World news</description>"
            f"{entries}</channel></rss>").encode()


def atom_feed(base: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Test News Atom</title><id>{base}/atom.xml</id><updated>2024-03-07T00:00:00Z</updated>"
            f"<entry><title>Australia and India agree trade deal</title>"
            f'<link href="{base}/news/canberra-trade.html"/><id>{base}/news/canberra-trade.html</id>'
            f"<updated>2024-03-07T05:45:00Z</updated></entry>"
            f"<entry><title>Kenya again</title>"
            f'<link href="{base}/news/nairobi-protests.html?fbclid=abc"/><id>{base}/k</id>'
            f"<updated>2024-03-05T07:15:00Z</updated></entry>"
            f"</feed>").encode()


@dataclass(frozen=True)
class Request:
    path: str
    conditional: bool  # sent If-None-Match or If-Modified-Since
    user_agent: str
    at: float  # time.monotonic() when it arrived


@dataclass
class NewsSite:
    """The running site: its base URL and the log of requests it answered."""

    base: str
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    flaky_failures: int = 0
    slow_seconds: float = SLOW_SECONDS

    def paths(self) -> list[str]:
        with self.lock:
            return [request.path for request in self.requests]

    def count(self, path: str) -> int:
        return self.paths().count(path)

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()


class _Handler(BaseHTTPRequestHandler):
    site: NewsSite

    def log_message(self, *_args: Any) -> None:  # quiet: the site keeps its own log
        pass

    def do_GET(self) -> None:  # the standard library names it
        site = self.site
        path = self.path.split("?")[0]
        conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
        with site.lock:
            site.requests.append(Request(path, conditional, self.headers.get("User-Agent", ""),
                                         time.monotonic()))
        if path == "/robots.txt":
            return self._send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
        if path in ("/feed.xml", "/atom.xml"):
            if self.headers.get("If-None-Match") == FEED_ETAG:
                return self._send(304, None, b"")
            body = rss_feed(site.base) if path == "/feed.xml" else atom_feed(site.base)
            return self._send(200, "application/rss+xml" if path == "/feed.xml" else "application/atom+xml",
                              body, {"ETag": FEED_ETAG, "Last-Modified": FEED_LAST_MODIFIED})
        if path == "/broken-feed.xml":
            return self._send(200, "application/rss+xml", b"<?xml version='1.0'?><rss><channel><item><title>cut")
        if path == "/news/flaky.html":
            with site.lock:
                site.flaky_failures += 1
                failing = site.flaky_failures <= 2
            if failing:
                return self._send(500, "text/plain", b"temporary failure")
        if path == "/news/slow.html":
            time.sleep(site.slow_seconds)
            return self._send(200, "text/html", article_html("/news/berlin-energy-pact.html"))
        if path == "/redirect/1":
            return self._send(302, None, b"", {"Location": "/redirect/2"})
        if path == "/redirect/2":
            return self._send(301, None, b"", {"Location": "/news/redirected-target.html"})
        if path == "/loop":
            return self._send(302, None, b"", {"Location": "/loop"})
        if path == "/news/binary.html":
            return self._send(200, "text/html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        if path == "/files/report.pdf":
            return self._send(200, "application/pdf", b"%PDF-1.4\n%binary\n")
        if path == "/news/empty.html":
            return self._send(200, "text/html; charset=utf-8",
                              b"<html><head><title>x</title><script>var a=1;</script></head><body></body></html>")
        if path in ARTICLES:
            return self._send(200, "text/html; charset=utf-8", article_html(path))
        return self._send(404, "text/plain", b"not found")

    def _send(self, status: int, content_type: str | None, body: bytes,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            # a client that stops reading (a size limit, a timeout) is what some tests check
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


@contextmanager
def news_site() -> Iterator[NewsSite]:
    """Serve the site on a free port of 127.0.0.1 until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    site = NewsSite(base=f"http://127.0.0.1:{server.server_address[1]}")
    _Handler.site = site
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="news-site")
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    """`python -m tests.news_site PORT`: serve the site until interrupted (for trying
    `newsflow run http://127.0.0.1:PORT/feed.xml` by hand)."""
    import sys

    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8765), _Handler)
    _Handler.site = NewsSite(base=f"http://127.0.0.1:{server.server_address[1]}")
    print(f"serving {_Handler.site.base}/feed.xml", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


if __name__ == "__main__":
    main()
