"""Every kind of bad input ends as an article or as one rejection with a readable reason.

Each test writes its own bytes into tmp_path; nothing depends on files outside the test.
"""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import polars as pl
import pytest

from tasks.clean import clean_documents
from tasks.read import discover_inputs, read_inputs

ENGLISH_BODY = (
    "Ministers from both countries are expected to issue a joint statement on technology "
    "cooperation on Friday, a government source said. The talks will cover chips and trade."
)
LIMIT = 1_000_000


def ingest(*paths: Path, max_input_bytes: int = LIMIT,
           non_english: str = "reject") -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """discover -> read -> clean; returns (articles, all rejections, inputs seen)."""
    files, found_rejections = discover_inputs(list(paths))
    read = read_inputs(files, max_input_bytes)
    articles, clean_rejections = clean_documents(read.documents, non_english=non_english)
    rejections = pl.concat([found_rejections, read.rejections, clean_rejections])
    inputs_seen = found_rejections.height + read.documents.height + read.rejections.height
    # Each input record counts once: it is an article or a rejection, never both or neither.
    assert inputs_seen == articles.height + rejections.height
    return articles, rejections, inputs_seen


def only_reason(rejections: pl.DataFrame) -> tuple[str, str]:
    assert rejections.height == 1, rejections
    return rejections["stage"][0], rejections["reason"][0]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    articles, rejections, _ = ingest(write(tmp_path / "empty.txt", b""))
    assert articles.height == 0
    assert only_reason(rejections) == ("read", "file is empty (0 bytes)")


def test_whitespace_only_file_is_rejected(tmp_path: Path) -> None:
    data = " \n\t\r\n   \u00a0\u200b\n".encode()
    articles, rejections, _ = ingest(write(tmp_path / "blank.md", data))
    assert articles.height == 0
    assert only_reason(rejections) == ("read", "file contains only whitespace, no text")


def test_png_bytes_with_txt_extension_are_rejected_as_binary(tmp_path: Path) -> None:
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256))
    articles, rejections, _ = ingest(write(tmp_path / "photo.txt", png))
    assert articles.height == 0
    assert only_reason(rejections) == ("decode", "looks like binary data (PNG image), not text")


def test_unknown_binary_is_rejected_by_its_control_bytes(tmp_path: Path) -> None:
    blob = bytes(range(1, 32)) * 40
    _, rejections, _ = ingest(write(tmp_path / "blob.txt", blob))
    stage, reason = only_reason(rejections)
    assert stage == "decode"
    assert reason.startswith("looks like binary data (") and "control characters" in reason


def test_cp1252_text_is_decoded_and_the_fallback_noted(tmp_path: Path) -> None:
    text = ("\u201cWe\u2019re ready,\u201d said the caf\u00e9 owner \u2013 price \u20ac5. "
            + ENGLISH_BODY)
    path = write(tmp_path / "legacy.txt", text.encode("cp1252"))
    read = read_inputs([path], LIMIT)
    assert read.documents["body"][0] == text
    assert read.documents["decode_note"][0] == (
        "not valid UTF-8 (byte 0x93 at offset 0); decoded as cp1252 (Windows-1252)")
    articles, _ = clean_documents(read.documents)
    assert articles["text"][0].startswith("\"We're ready,\" said the café owner – price €5.")


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    text = "Le Caf\u00e9 M\u00fcller in Z\u00fcrich re-opened. " + ENGLISH_BODY
    path = write(tmp_path / "latin1.txt", text.encode("latin-1"))
    read = read_inputs([path], LIMIT)
    assert read.documents["body"][0] == text
    assert read.documents["decode_note"][0].endswith("decoded as cp1252 (Windows-1252)")


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = write(tmp_path / "odd.txt", b"Caf\xe9 \x81 " + ENGLISH_BODY.encode())
    read = read_inputs([path], LIMIT)
    assert read.documents["body"][0].startswith("Café \x81 ")
    assert read.documents["decode_note"][0].endswith("decoded as latin-1 (ISO-8859-1)")
    articles, _ = clean_documents(read.documents)
    assert articles["text"][0].startswith("Café Ministers")  # the C1 control byte is dropped


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path: Path, codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
    path = write(tmp_path / "wide.txt", bom + ("Zürich talks\n\n" + ENGLISH_BODY).encode(codec))
    read = read_inputs([path], LIMIT)
    assert read.documents["decode_note"][0] == "decoded as UTF-16 (byte-order mark)"
    articles, _ = clean_documents(read.documents)
    assert articles["title"][0] == "Zürich talks"
    assert articles["text"][0] == ENGLISH_BODY


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.txt", ENGLISH_BODY.encode("utf-16-le"))
    read = read_inputs([path], LIMIT)
    assert read.documents["body"][0] == ENGLISH_BODY
    assert read.documents["decode_note"][0].startswith("decoded as UTF-16-LE (no byte-order mark")


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", codecs.BOM_UTF8 + ENGLISH_BODY.encode())
    read = read_inputs([path], LIMIT)
    assert read.documents["body"][0] == ENGLISH_BODY
    assert read.documents["decode_note"][0] == "decoded as UTF-8 (byte-order mark removed)"


def test_nul_bytes_are_stripped_and_noted(tmp_path: Path) -> None:
    data = b"Talks\x00 resume\n\n" + ENGLISH_BODY.encode() + b"\x00\x00"
    read = read_inputs([write(tmp_path / "nul.txt", data)], LIMIT)
    assert read.documents["body"][0] == "Talks resume\n\n" + ENGLISH_BODY
    assert read.documents["decode_note"][0] == "removed 3 NUL bytes"


def test_only_nul_bytes_is_rejected(tmp_path: Path) -> None:
    _, rejections, _ = ingest(write(tmp_path / "nul.txt", b"\x00" * 64))
    assert only_reason(rejections) == ("decode", "contains only NUL bytes, no text")


def test_truncated_json_is_rejected_with_line_and_column(tmp_path: Path) -> None:
    data = b'{\n  "title": "Talks",\n  "text": "Ministers met on Fri'
    _, rejections, _ = ingest(write(tmp_path / "cut.json", data))
    assert only_reason(rejections) == (
        "parse", "invalid JSON, the text ends before the JSON is complete (truncated?): "
                 "Unterminated string starting at line 3, column 11")


def test_invalid_json_names_the_problem_and_where(tmp_path: Path) -> None:
    data = b'{"title": "Talks",\n "text": "x" "url": 1}'
    _, rejections, _ = ingest(write(tmp_path / "bad.json", data))
    assert only_reason(rejections) == (
        "parse", "invalid JSON: Expecting ',' delimiter at line 2, column 14")


def test_json_with_wrong_fields_names_the_expected_ones(tmp_path: Path) -> None:
    data = json.dumps({"headline": "Talks", "summary": "Ministers met."}).encode()
    _, rejections, _ = ingest(write(tmp_path / "wrong.json", data))
    assert only_reason(rejections) == (
        "parse", "JSON record has no article text: expected a non-empty string in one of the "
                 "fields 'text', 'body', 'content' (fields found: 'headline', 'summary')")


def test_json_list_loads_good_objects_and_rejects_the_rest(tmp_path: Path) -> None:
    items = [{"title": "Talks", "body": ENGLISH_BODY, "date": "2023-05-12"}, "oops",
             {"content": ["Para one is here.", "Para two is here too."], "title": "Two"}]
    path = write(tmp_path / "list.json", json.dumps(items).encode())
    articles, rejections, seen = ingest(path)
    assert seen == 3
    assert articles["input_id"].to_list() == [f"{path}#1", f"{path}#3"]
    assert articles["text"][1] == "Para one is here.\n\nPara two is here too."
    assert rejections.rows() == [(f"{path}#2", "parse",
                                  "item 2 of the JSON list is a string, not an object")]


def test_jsonl_bad_lines_are_rejected_one_by_one_and_good_lines_load(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "title": "One", "text": ENGLISH_BODY}),
             '{"id": "b", "text": ',
             "",
             json.dumps({"id": "c", "title": "Three", "body": "Leaders met in Tokyo on Monday."}),
             "[1, 2]",
             json.dumps({"id": "d", "summary": "no text field"})]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines).encode())
    articles, rejections, seen = ingest(path)
    assert seen == 5  # the blank line is not a record
    assert articles["input_id"].to_list() == [f"{path}#L1", f"{path}#L4"]
    assert articles["title"].to_list() == ["One", "Three"]
    assert rejections["source_uri"].to_list() == [f"{path}#L2", f"{path}#L5", f"{path}#L6"]
    assert rejections["reason"][0] == (
        "line 2 is not valid JSON: Expecting value (column 21)")
    assert rejections["reason"][1] == "line 5 is a JSON list, not an object"
    assert rejections["reason"][2].startswith("JSON record has no article text")


def test_html_page_main_text_is_extracted_without_boilerplate(tmp_path: Path) -> None:
    page = """<!doctype html><html><head><title>Daily News | Oil prices rise</title>
    <meta property="og:title" content="Oil prices rise on supply fears">
    <meta property="og:site_name" content="Daily News">
    <meta property="article:published_time" content="2023-05-12T10:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <header>Subscribe now for full access</header>
    <article><h1>Oil prices rise on supply fears</h1>
    <p>Oil prices rose on Monday after OPEC said it would cut output, traders said.</p>
    <p>Brent crude climbed 2% to $85 a barrel in London, the highest level since April.</p>
    </article><footer>Copyright 2024 Daily News. Cookie policy.</footer>
    <script>var tracking = 1;</script></body></html>"""
    articles, rejections, _ = ingest(write(tmp_path / "page.html", page.encode()))
    assert rejections.height == 0
    row = articles.row(0, named=True)
    assert row["title"] == "Oil prices rise on supply fears"
    assert row["text"] == (
        "Oil prices rose on Monday after OPEC said it would cut output, traders said.\n\n"
        "Brent crude climbed 2% to $85 a barrel in London, the highest level since April.")
    assert row["source_name"] == "Daily News"
    assert str(row["published_at"]) == "2023-05-12 00:00:00"


def test_html_page_without_text_is_rejected(tmp_path: Path) -> None:
    page = b"<html><head><script>var a = 1;</script></head><body><nav></nav></body></html>"
    _, rejections, _ = ingest(write(tmp_path / "empty.htm", page))
    assert only_reason(rejections) == (
        "parse", "HTML page has no readable main text (only markup, scripts or navigation)")


def test_file_over_the_size_limit_is_rejected_unread(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", b"word " * 300)
    _, rejections, _ = ingest(path, max_input_bytes=1000)
    assert only_reason(rejections) == (
        "read", "file is larger than the input size limit of 1,000 bytes "
                "(NEWSFLOW_MAX_INPUT_BYTES); not read (it has 1,500 bytes)")


def test_single_enormous_token_is_rejected(tmp_path: Path) -> None:
    _, rejections, _ = ingest(write(tmp_path / "token.txt", b"A" * 100_000))
    assert only_reason(rejections) == (
        "clean", "contains a single 100000-character token with no spaces (over the "
                 "1000-character limit for one word); this is not article text")


GERMAN = ("Die Bundesregierung hat am Montag beschlossen, die Steuern für kleine Unternehmen zu "
          "senken. Der Finanzminister sagte, die Entlastung solle im nächsten Jahr beginnen.")
FRENCH = ("Le gouvernement français a annoncé lundi une nouvelle réforme des retraites. Les "
          "syndicats ont appelé à une grève nationale pour la semaine prochaine.")


def test_non_english_texts_are_rejected_naming_the_language(tmp_path: Path) -> None:
    write(tmp_path / "de.txt", GERMAN.encode())
    write(tmp_path / "fr.txt", FRENCH.encode())
    articles, rejections, _ = ingest(tmp_path)
    assert articles.height == 0
    assert rejections["reason"].to_list() == [
        "text is in German (de), not English; non-English articles are rejected "
        "(set NEWSFLOW_NON_ENGLISH=flag to keep them)",
        "text is in French (fr), not English; non-English articles are rejected "
        "(set NEWSFLOW_NON_ENGLISH=flag to keep them)",
    ]


def test_non_english_texts_are_kept_with_their_language_when_flagged(tmp_path: Path) -> None:
    write(tmp_path / "de.txt", GERMAN.encode())
    write(tmp_path / "fr.txt", FRENCH.encode())
    write(tmp_path / "en.txt", ENGLISH_BODY.encode())
    articles, rejections, _ = ingest(tmp_path, non_english="flag")
    assert rejections.height == 0
    assert articles["language"].to_list() == ["de", "en", "fr"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this platform")
def test_symlink_leaving_the_input_folder_is_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path / "secret.txt", ENGLISH_BODY.encode())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write(inbox / "real.txt", ("Talks resume\n\n" + ENGLISH_BODY).encode())
    (inbox / "escape.txt").symlink_to(outside)
    (inbox / "escape_dir").symlink_to(tmp_path)
    (inbox / "inside.txt").symlink_to(inbox / "real.txt")
    (inbox / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    files, rejections = discover_inputs([inbox])
    assert files == [inbox / "inside.txt", inbox / "real.txt"]
    assert rejections.rows() == [
        (str(inbox / "dangling.txt"), "read",
         "broken symbolic link (its target does not exist); not followed"),
        (str(inbox / "escape.txt"), "read",
         f"symbolic link points outside the input folder (to {outside.resolve()}); not followed"),
        (str(inbox / "escape_dir"), "read",
         f"symbolic link points outside the input folder (to {tmp_path.resolve()}); "
         "not followed"),
    ]
    articles, _, _ = ingest(inbox)
    assert articles["article_id"].n_unique() == 1  # the inside link is a duplicate of real.txt


def test_odd_file_names_read_normally(tmp_path: Path) -> None:
    names = ["it's \"quoted\".txt", "semi;colon; rm -rf.txt", "with  spaces .md",
             "Zürich–Genève 東京.txt", "$(echo hi)`x`.json"]
    for number, name in enumerate(names):
        body = f"Story number {number} is here\n\n{ENGLISH_BODY} Item {number}."
        payload = json.dumps({"text": body}) if name.endswith(".json") else body
        write(tmp_path / name, payload.encode())
    articles, rejections, seen = ingest(tmp_path)
    assert rejections.height == 0
    assert seen == articles.height == 5
    assert sorted(Path(uri).name for uri in articles["source_uri"]) == sorted(names)


def test_same_article_under_two_names_has_one_article_id(tmp_path: Path) -> None:
    text = "Japan and US agree\n\n" + ENGLISH_BODY
    write(tmp_path / "a.txt", text.encode())
    write(tmp_path / "copy of a.txt", text.encode("utf-16"))  # other bytes, same article
    articles, _, _ = ingest(tmp_path)
    assert articles.height == 2
    assert articles["article_id"].n_unique() == 1
    assert articles["content_hash"].n_unique() == 2


def test_unsupported_extension_is_rejected(tmp_path: Path) -> None:
    write(tmp_path / "notes.pdfx", b"hello")
    _, rejections, _ = ingest(tmp_path)
    assert only_reason(rejections) == (
        "read", "unsupported file type ('.pdfx'); newsflow reads .txt, .md, .json, .jsonl, "
                ".html, .htm, .warc, .warc.gz")


def test_missing_path_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"input path not found: .*nowhere"):
        discover_inputs([tmp_path / "nowhere"])


def test_a_bad_batch_keeps_its_good_inputs(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", ("Talks resume\n\n" + ENGLISH_BODY).encode())
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "image.txt", bytes.fromhex("ffd8ffe000104a464946") + bytes(100))
    write(tmp_path / "cut.json", b'[{"text": "abc"')
    articles, rejections, seen = ingest(tmp_path)
    assert (seen, articles.height, rejections.height) == (4, 1, 3)
    assert articles["title"].to_list() == ["Talks resume"]


def test_legacy_japanese_encoding_is_detected_and_rejected_as_japanese(tmp_path: Path) -> None:
    text = "東京の株価は月曜日に下落した。政府は新しい経済対策を発表した。"
    path = write(tmp_path / "tokyo.txt", text.encode("shift_jis"))
    read = read_inputs([path], LIMIT)
    assert read.documents["body"][0] == text
    assert read.documents["decode_note"][0] == (
        "not valid UTF-8 (byte 0x93 at offset 0); decoded as cp932 (detected by "
        "charset-normalizer)")
    _, rejections = clean_documents(read.documents)
    assert rejections["reason"][0].startswith("text is in Japanese (ja), not English")


def test_deeply_nested_json_is_rejected_not_crashing(tmp_path: Path) -> None:
    _, rejections, _ = ingest(write(tmp_path / "deep.json", b"[" * 100_000))
    assert only_reason(rejections) == ("parse", "JSON is nested too deeply to read")


def test_web_page_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    page = (b"<!DOCTYPE html><html><head><title>Talks resume</title></head><body>"
            b"<p>Ministers met on Monday to resume the stalled trade talks in Geneva.</p>"
            b"</body></html>")
    articles, _, _ = ingest(write(tmp_path / "saved.txt", page))
    assert articles.select("title", "text").row(0) == (
        "Talks resume", "Ministers met on Monday to resume the stalled trade talks in Geneva.")


def test_terminal_colour_codes_are_removed(tmp_path: Path) -> None:
    data = b"Talks resume\n\nMinisters \x1b[1;31mmet\x1b[0m on Monday in Geneva."
    articles, _, _ = ingest(write(tmp_path / "ansi.txt", data))
    assert articles["text"][0] == "Ministers met on Monday in Geneva."
