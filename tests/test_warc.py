"""WARC files written by the test with warcio: every 200 HTML response becomes an article with
its target URI and date; requests, revisits, other responses and a truncated gzip member are
rejections with their reason. One real `newsflow run` loads such a file."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.read import discover_inputs, read_inputs
from tests.conftest import ingest
from tests.news_site import article_html

LIMIT = 1_000_000
BERLIN = "https://news.example.org/world/berlin-energy-pact?utm_medium=social#comments"
TOKYO = "https://news.example.org/asia/tokyo-chips"


def response(writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8", date: str = "2024-03-09T10:00:00Z") -> ArcWarcRecord:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                     warc_headers_dict={"WARC-Date": date})


def write_warc(path: Path, *, truncated_tail: bool) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsflow tests"}))
        request_headers = StatusAndHeaders("GET /world/berlin-energy-pact HTTP/1.1",
                                           [("Host", "news.example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record(BERLIN, "request", payload=io.BytesIO(b""),
                                                      http_headers=request_headers))
        # No date in the page's metadata: the WARC-Date is the article's date.
        writer.write_record(response(writer, BERLIN, article_html("/news/berlin-energy-pact.html"),
                                     date="2024-03-04T09:30:00Z"))
        # The page's metadata states 2024-03-06: it wins over the WARC-Date.
        writer.write_record(response(writer, TOKYO, article_html("/news/tokyo-chips.html")))
        writer.write_record(response(writer, "https://news.example.org/gone", b"<html>gone</html>",
                                     status="404 Not Found"))
        writer.write_record(response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n",
                                     content_type="image/png"))
        writer.write_record(writer.create_revisit_record(
            TOKYO, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", refers_to_uri=TOKYO,
            refers_to_date="2024-03-09T10:00:00Z"))
    if truncated_tail:
        member = io.BytesIO()
        WARCWriter(member, gzip=True).write_record(response(
            WARCWriter(io.BytesIO(), gzip=True), "https://news.example.org/cut",
            article_html("/news/canberra-trade.html")))
        with path.open("ab") as out:
            out.write(member.getvalue()[: len(member.getvalue()) // 2])


def test_every_200_html_response_is_an_article_and_the_rest_are_rejections(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, truncated_tail=True)
    files, unsupported = discover_inputs([tmp_path])
    assert files == [path] and unsupported.is_empty()
    result = read_inputs(files, LIMIT)
    documents = {row["url"]: row for row in result.documents.iter_rows(named=True)}
    assert set(documents) == {"https://news.example.org/world/berlin-energy-pact", TOKYO}
    berlin = documents["https://news.example.org/world/berlin-energy-pact"]
    assert berlin["published_at"] == "2024-03-04T09:30:00Z"  # the WARC-Date
    assert berlin["input_id"] == f"{path}#record-3" and "hydrogen pipeline" in berlin["body"]
    assert documents[TOKYO]["published_at"].startswith("2024-03-06")  # the page's metadata
    reasons = {uri.removeprefix(f"{path}#"): (stage, reason) for uri, stage, reason in result.rejections.rows()}
    assert reasons == {
        f"record-2 ({BERLIN})": ("read", "WARC request record, not a response; only responses hold pages"),
        "record-5 (https://news.example.org/gone)": (
            "read", "archived response has HTTP status 404; only 200 responses are articles"),
        "record-6 (https://news.example.org/logo.png)": (
            "read", "archived response has content type image/png, not an HTML page"),
        f"record-7 ({TOKYO})": ("read", "WARC revisit record, not a response; only responses hold pages"),
        "record-8": reasons["record-8"],
    }
    stage, reason = reasons["record-8"]
    assert stage == "read" and reason.startswith("truncated or damaged WARC record")
    assert reason.endswith("the 7 records before it were read")


def test_newsflow_run_loads_a_warc_file_with_urls_and_dates(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_warc(inbox / "crawl.warc.gz", truncated_tail=False)
    warehouse = tmp_path / "w.duckdb"
    output = ingest([inbox], warehouse).stdout
    assert "articles          2 new" in output
    with duckdb.connect(str(warehouse), read_only=True) as db:
        articles = db.execute("select url, cast(published_at as date)::varchar from articles order by 1").fetchall()
        assert articles == [("https://news.example.org/asia/tokyo-chips", "2024-03-06"),
                            ("https://news.example.org/world/berlin-energy-pact", "2024-03-04")]
        urls = {row[0] for row in db.execute("select distinct SOURCEURL from gdelt_events").fetchall()}
        assert urls and urls <= {url for url, _ in articles}
        seen, new, rejected = db.execute(
            "select inputs_seen, articles_new, inputs_rejected from pipeline_runs").fetchone()
        assert (seen, new, rejected) == (6, 2, 4)
