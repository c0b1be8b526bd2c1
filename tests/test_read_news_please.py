"""news-please JSON (maintext, title, date_publish, url) reads like newsflow's own JSON shapes,
and a record's url is kept (canonical) on its article."""

from __future__ import annotations

import json
from pathlib import Path

from tasks.clean import clean_documents
from tasks.read import read_inputs


def test_a_news_please_record_keeps_its_text_date_title_and_url(tmp_path: Path) -> None:
    record = {
        "authors": ["Jane Doe"], "date_download": "2024-03-05 10:00:00",
        "date_publish": "2024-03-04 09:30:00", "description": "A pact.",
        "filename": "berlin.json", "language": "en", "source_domain": "news.example.org",
        "title": "Germany and France sign energy pact",
        "maintext": "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin "
                    "on Monday. Germany and France signed an agreement to build a hydrogen pipeline.",
        "url": "https://News.Example.org/world/berlin?utm_campaign=feed#top",
    }
    path = tmp_path / "berlin.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    result = read_inputs([path], 1_000_000)
    assert result.rejections.is_empty()
    (row,) = result.documents.iter_rows(named=True)
    assert (row["title"], row["published_at"], row["source_name"]) == (
        "Germany and France sign energy pact", "2024-03-04 09:30:00", "news.example.org")
    assert row["body"].startswith("German Chancellor Olaf Scholz")
    articles, rejections = clean_documents(result.documents)
    assert rejections.is_empty()
    (article,) = articles.iter_rows(named=True)
    assert article["url"] == "https://news.example.org/world/berlin"
    assert article["published_at"].isoformat() == "2024-03-04T09:30:00"


def test_a_jsonl_record_without_a_web_url_has_no_url(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Police in Kenya arrested dozens of protesters in Nairobi on "
                                        "Tuesday, the police said.", "url": "file:///tmp/x"}) + "\n",
                    encoding="utf-8")
    articles, _ = clean_documents(read_inputs([path], 1_000_000).documents)
    assert articles["url"].to_list() == [None]
