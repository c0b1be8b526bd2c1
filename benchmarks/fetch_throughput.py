"""Articles per second from a feed on a local server: fetch and extraction overlapped (what a
run does, `tasks.web.read_source`) against fetching every page first and extracting after.

A server on 127.0.0.1 serves a feed of N article pages, each answered after `--latency-ms`
(a stand-in for the network). The article texts are the first N of the shared corpus when it
is there (held in memory only, never written), else the short test articles repeated.

  (a) read_source: `--concurrency` fetch threads, main text extracted (trafilatura) as pages arrive;
  (b) fetch only: the same pages with the same threads, nothing extracted;
  (c) extract only: the fetched pages' text extracted one after another, no network;
  (b + c) is the time of fetching everything first and extracting after.

Usage (from the project root):
    .venv/bin/python -m benchmarks.fetch_throughput [--articles 200] [--latency-ms 100] [--concurrency 4]
        [--delay-seconds 0]
"""

from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT.parent / "shared" / "data" / "news_corpus.jsonl"
if str(PROJECT_ROOT) not in sys.path:  # run as a script, not only with -m
    sys.path.insert(0, str(PROJECT_ROOT))

from tasks.fetch import FetchPolicy, PoliteFetcher  # noqa: E402 (after the path set-up)
from tasks.sources_file import Source  # noqa: E402
from tasks.web import page_document, read_source  # noqa: E402


def article_texts(count: int) -> list[tuple[str, str]]:
    """(title, text) of `count` articles: the shared corpus's first ones, else the test articles."""
    texts: list[tuple[str, str]] = []
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                text = record.get("text") or record.get("body") or ""
                if text.strip():
                    texts.append((record.get("title") or text.split("\n")[0][:80], text))
                if len(texts) == count:
                    return texts
    from tests.news_site import ARTICLES

    samples = list(ARTICLES.values())
    return [(f"{title} ({number})", text) for number, (title, text) in
            ((number, samples[number % len(samples)]) for number in range(count))]


def page(title: str, text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n") if part.strip())
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}"
            "</article><footer>Benchmark News</footer></body></html>").encode()


def serve_in_process(pages: list[bytes], latency: float) -> tuple[multiprocessing.Process, str]:
    """The site in a process of its own, as a real server would be: in this one, its threads
    would compete with the fetcher and trafilatura for the GIL."""
    ports: multiprocessing.Queue[int] = multiprocessing.Queue()
    process = multiprocessing.Process(target=_serve_forever, args=(pages, latency, ports), daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{ports.get(timeout=30)}"


def _serve_forever(pages: list[bytes], latency: float, ports: multiprocessing.Queue[int]) -> None:
    server = serve(pages, latency)
    ports.put(server.server_address[1])
    threading.Event().wait()


def serve(pages: list[bytes], latency: float) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

        def do_GET(self) -> None:  # the standard library names it
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/feed.xml":
                items = "".join(f"<item><title>a{number}</title><link>{base}/a/{number}.html</link></item>"
                                for number in range(len(pages)))
                body, kind = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>b</title>{items}"
                              "</channel></rss>").encode(), "application/rss+xml"
            elif self.path.startswith("/a/"):
                time.sleep(latency)
                body, kind = pages[int(self.path[3:].split(".")[0])], "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--delay-seconds", type=float, default=0.0,
                        help="between two requests to the host (newsflow's default is 0.5)")
    options = parser.parse_args()
    texts = article_texts(options.articles)
    server, base = serve_in_process([page(title, text) for title, text in texts], options.latency_ms / 1000)
    policy = FetchPolicy(per_host_concurrency=options.concurrency,
                         per_host_delay_seconds=options.delay_seconds, retries=0)
    page_document(page(*texts[0]), f"{base}/warm-up", None)  # import trafilatura outside the clocks
    try:
        started = time.perf_counter()
        result = read_source(Source("bench", f"{base}/feed.xml"), policy, frozenset())
        overlapped = time.perf_counter() - started

        urls = [f"{base}/a/{number}.html" for number in range(len(texts))]
        with PoliteFetcher(policy) as fetcher, ThreadPoolExecutor(options.concurrency) as pool:
            started = time.perf_counter()
            answers = list(pool.map(fetcher.fetch, urls))
            fetch_only = time.perf_counter() - started
        started = time.perf_counter()
        documents = [page_document(answer.content, answer.url, None) for answer in answers]
        extract_only = time.perf_counter() - started
    finally:
        server.terminate()
    count = len(result.documents)
    assert count == len(texts) == sum(isinstance(document, dict) for document in documents), result.rejections
    source = "shared corpus" if CORPUS.exists() else "test articles"
    print(f"{count} articles ({source}), {options.latency_ms:g} ms latency a page, "
          f"{options.concurrency} fetch threads, {options.delay_seconds:g} s between requests")
    print(f"  (a) fetch and extract overlapped: {overlapped:6.2f} s  {count / overlapped:6.1f} articles/s")
    print(f"  (b) fetch only:                   {fetch_only:6.2f} s  {count / fetch_only:6.1f} articles/s")
    print(f"  (c) extract only:                 {extract_only:6.2f} s  {count / extract_only:6.1f} articles/s")
    print(f"  (b + c) fetch all, then extract:  {fetch_only + extract_only:6.2f} s  "
          f"{count / (fetch_only + extract_only):6.1f} articles/s")
    print(f"  overlap: (a) takes {overlapped / max(fetch_only, extract_only):.2f} x the slower stage, "
          f"{overlapped / (fetch_only + extract_only):.2f} x their sum")


if __name__ == "__main__":
    main()
