"""Reading each supported format into RawDocuments rows."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import polars as pl
import pytest

from tasks.read import RAW_DOCUMENT_SCHEMA, discover_inputs, file_content_hash, read_inputs

LIMIT = 1_000_000


def read_one(path: Path) -> dict[str, str | None]:
    result = read_inputs([path], LIMIT)
    assert result.rejections.height == 0, result.rejections
    assert result.documents.height == 1
    return result.documents.row(0, named=True)


def test_plain_text_is_read_as_is_with_hash_and_uri(tmp_path: Path) -> None:
    data = b"Talks resume\n\nMinisters met on Monday.\n"
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    row = read_one(path)
    assert row == {
        "input_id": str(path), "source_uri": str(path),
        "content_hash": hashlib.sha256(data).hexdigest(), "title": None,
        "body": "Talks resume\n\nMinisters met on Monday.\n", "published_at": None, "url": None,
        "source_name": None, "decode_note": None,
    }
    assert file_content_hash(path) == row["content_hash"]


def test_frames_have_the_raw_documents_schema_even_when_empty(tmp_path: Path) -> None:
    result = read_inputs([], LIMIT)
    assert result.documents.schema == pl.Schema(RAW_DOCUMENT_SCHEMA)
    assert result.rejections.columns == ["source_uri", "stage", "reason"]


def test_markdown_front_matter_heading_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: \"Front matter title\"\ndate: 2023-05-12\nsource: Daily News\n---\n"
        "# Heading title\n\nMinisters **agreed** on a [joint plan](https://x.example/plan) "
        "and *more*.\n\n![chart](chart.png)\n## Details\n\n> Quoted line.\n", encoding="utf-8")
    row = read_one(path)
    assert (row["title"], row["published_at"], row["source_name"]) == (
        "Front matter title", "2023-05-12", "Daily News")
    assert row["body"].split() == ["Ministers", "agreed", "on", "a", "joint", "plan", "and",
                                   "more.", "Details", "Quoted", "line."]


def test_markdown_heading_becomes_the_title(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("\n# Talks resume #\n\nMinisters met.\n", encoding="utf-8")
    row = read_one(path)
    assert row["title"] == "Talks resume"
    assert row["body"].strip() == "Ministers met."


def test_json_object_fields_map_onto_columns(tmp_path: Path) -> None:
    record = {"ID": "x1", "Headline": "Talks resume", "content": "<p>Ministers met.</p>"
              "<p>Leaders &amp; aides spoke.</p>", "publishedAt": "2023-05-12T10:00:00Z",
              "link": "https://news.example/x1", "source": {"id": "dn", "name": "Daily News"}}
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    row = read_one(path)
    assert row["input_id"] == str(path)
    assert (row["title"], row["published_at"], row["url"], row["source_name"]) == (
        "Talks resume", "2023-05-12T10:00:00Z", "https://news.example/x1", "Daily News")
    assert row["body"].split("\n\n")[:2] == ["Ministers met.", "Leaders & aides spoke."]


def test_json_feed_wrapper_lists_are_unwrapped(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"status": "ok", "articles": [
        {"title": "One", "text": "First story."}, {"title": "Two", "text": "Second story."}]}),
        encoding="utf-8")
    result = read_inputs([path], LIMIT)
    assert result.documents["input_id"].to_list() == [f"{path}#1", f"{path}#2"]
    assert result.documents["title"].to_list() == ["One", "Two"]


def test_json_lines_in_a_json_file_are_read_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text('{"text": "First story."}\n{"text": "Second story."}\n', encoding="utf-8")
    result = read_inputs([path], LIMIT)
    assert result.documents["input_id"].to_list() == [f"{path}#L1", f"{path}#L2"]


def test_empty_json_list_and_scalar_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("[]", encoding="utf-8")
    (tmp_path / "b.json").write_text('"just a string"', encoding="utf-8")
    files, _ = discover_inputs([tmp_path])
    result = read_inputs(files, LIMIT)
    assert result.rejections["reason"].to_list() == [
        "JSON list is empty: no articles in it",
        "JSON holds a string; expected an object or a list of objects (one per article)",
    ]


def test_discovery_is_recursive_sorted_and_deduplicated(tmp_path: Path) -> None:
    for relative in ["b/z.txt", "a.txt", "b/a.json", "c/d/e.md", "c/d/f.html"]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x", encoding="utf-8")
    files, rejections = discover_inputs([tmp_path, tmp_path / "a.txt"])
    assert [path.relative_to(tmp_path).as_posix() for path in files] == [
        "a.txt", "b/a.json", "b/z.txt", "c/d/e.md", "c/d/f.html"]
    assert rejections.height == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_named_pipe_is_rejected_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    files, rejections = discover_inputs([tmp_path])
    assert files == []
    assert rejections["reason"].to_list() == [
        "not a regular file (a device, pipe or socket); not read"]


def test_uppercase_extension_is_supported(tmp_path: Path) -> None:
    (tmp_path / "STORY.TXT").write_text("Talks resume", encoding="utf-8")
    files, rejections = discover_inputs([tmp_path])
    assert [path.name for path in files] == ["STORY.TXT"]
    assert rejections.height == 0
