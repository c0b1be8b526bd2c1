"""One real `newsflow run` over an inbox holding every kind of bad input at once.

The test writes every file's bytes itself, runs the CLI once (a run costs ~30 s), then checks
each input's outcome: an article when it can be salvaged, otherwise one `rejected_inputs` row
with a readable reason; the run still completes (exit 0) and accounts for every input.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tasks.load import run_checks
from tests.conftest import ingest

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
MAX_INPUT_BYTES = 20_000
ODD_NAME = "it's \"quoted\"; rm -rf $(x) Zürich 東京.txt"


def story(subject: str, place: str) -> str:
    """A short English news text, different for every (subject, place)."""
    return (f"Officials in {place} said on Tuesday that talks about {subject} would continue "
            f"next week. The government of {place} has asked its partners to share more "
            f"information about {subject} before the next meeting.\n\n"
            f"Critics in {place} said the plan for {subject} was too slow and would cost "
            "the country more money than the ministers had promised.")


SALVAGED = {  # file name -> (bytes, a phrase its article's text must contain)
    "cp1252.txt": (("Prices rise\n\n" + story("fuel prices", "Lisbon")
                    + " The café owner said: \u201cwe pay \u20ac5 more\u201d.").encode("cp1252"),
                   "\"we pay €5 more\""),
    "latin1.txt": (("Harbour plan\n\n" + story("the harbour", "Marseille")
                    + " Résumé of the plan is due.").encode("latin-1"),
                   "Résumé of the plan is due."),
    "utf16.txt": (("Rail strike\n\n" + story("the rail strike", "Madrid")).encode("utf-16"),
                  "talks about the rail strike"),
    "bom.txt": (("Water rules\n\n" + story("water rules", "Athens")).encode("utf-8-sig"),
                "talks about water rules"),
    "nul.txt": (("Bridge repairs\n\n" + story("bridge repairs", "Oslo")).encode()
                .replace(b"Tuesday", b"Tues\x00day\x00"),
                "talks about bridge repairs"),
    "page.html": (f"""<!doctype html><html><head><title>Daily News | Airport noise</title></head>
        <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Airport noise rules tightened</h1>
        <p>{story("airport noise", "Vienna").replace(chr(10) * 2, "</p><p>")}</p></article>
        <footer>Copyright 2024 Daily News. Cookie policy.</footer>
        <script>var tracking = 1;</script></body></html>""".encode(),
                  "talks about airport noise"),
    ODD_NAME: (("School meals\n\n" + story("school meals", "Dublin")).encode(),
               "talks about school meals"),
    "same.txt": (("Farm subsidies\n\n" + story("farm subsidies", "Warsaw")).encode(),
                 "talks about farm subsidies"),
}
DUPLICATES = {  # the same article as same.txt under other names (one with other bytes)
    "same copy.txt": SALVAGED["same.txt"][0],
    "same;copy 'two'.txt": SALVAGED["same.txt"][0] + b"\n\n  \n",
}
JSONL_LINES = [
    json.dumps({"title": "Port fees", "text": story("port fees", "Hamburg")}),
    '{"title": "Broken", "text": "no closing quote}',
    json.dumps({"title": "Fishing quotas", "text": story("fishing quotas", "Bergen")}),
    json.dumps(["a", "list"]),
    json.dumps({"headline": "No text field"}),
]
GERMAN = ("Die Bundesregierung hat am Montag beschlossen, die Steuern für kleine Unternehmen zu "
          "senken. Der Finanzminister sagte, die Entlastung solle im nächsten Jahr beginnen.")


def rejected(inbox: Path) -> dict[str, tuple[str, str]]:
    """input -> (stage, reason start) for every input that must be rejected."""
    return {
        str(inbox / "empty.txt"): ("read", "file is empty (0 bytes)"),
        str(inbox / "blank.txt"): ("read", "file contains only whitespace, no text"),
        str(inbox / "image.txt"): ("decode", "looks like binary data (PNG image), not text"),
        str(inbox / "cut.json"): ("parse", "invalid JSON, the text ends before the JSON is "
                                           "complete (truncated?)"),
        str(inbox / "wrong.json"): ("parse", "JSON record has no article text"),
        f"{inbox / 'mixed.jsonl'}#L2": ("parse", "line 2 is not valid JSON"),
        f"{inbox / 'mixed.jsonl'}#L4": ("parse", "line 4 is a JSON list, not an object"),
        f"{inbox / 'mixed.jsonl'}#L5": ("parse", "JSON record has no article text"),
        str(inbox / "big.txt"): ("read", "file is larger than the input size limit of 20,000 "
                                         "bytes"),
        str(inbox / "token.txt"): ("clean", "contains a single 5000-character token"),
        str(inbox / "german.txt"): ("clean", "text is in German (de), not English"),
        str(inbox / "escape.txt"): ("read", "symbolic link points outside the input folder"),
        str(inbox / "future.json"): ("validate", "quarantined: published_at lies after the run "
                                                 "started"),
    }


def write_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    files: dict[str, bytes] = {name: data for name, (data, _) in SALVAGED.items()}
    files |= DUPLICATES
    files |= {
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n \r\n",
        "image.txt": PNG + bytes(range(256)) * 4,
        "cut.json": b'{\n  "title": "Talks",\n  "text": "Ministers met on Fri',
        "wrong.json": json.dumps({"headline": "Talks", "summary": "Ministers met."}).encode(),
        "mixed.jsonl": "\n".join(JSONL_LINES).encode(),
        "big.txt": story("a very long report", "Rome").encode() * 60,
        "token.txt": b"A" * 5000,
        "german.txt": GERMAN.encode(),
        "future.json": json.dumps({"title": "Budget vote", "published_at": "2099-01-01",
                                   "text": story("the budget vote", "Prague")}).encode(),
    }
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    outside = tmp_path / "outside.txt"
    outside.write_text(story("secret plans", "Bern"), encoding="utf-8")
    (inbox / "escape.txt").symlink_to(outside)
    return inbox


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_every_kind_of_bad_input_in_one_run(tmp_path: Path) -> None:
    inbox = write_inbox(tmp_path)
    warehouse = tmp_path / "w.duckdb"
    result = ingest([inbox], warehouse, "--max-input-bytes", str(MAX_INPUT_BYTES))  # exit 0

    expected_rejections = rejected(inbox)
    assert ": completed" in result.stdout
    assert f"rejected inputs   {len(expected_rejections)}" in result.stdout
    for uri, (stage, reason) in expected_rejections.items():  # the summary lists each one
        assert f"- {uri} [{stage}] {reason}" in result.stdout, uri
    with duckdb.connect(str(warehouse), read_only=True) as db:
        rows = db.execute("select source_uri, stage, reason from rejected_inputs").fetchall()
        assert sorted(uri for uri, _, _ in rows) == sorted(expected_rejections)
        for uri, stage, reason in rows:
            assert (stage, reason[:len(expected_rejections[uri][1])]) == expected_rejections[uri]

        texts = [text for (text,) in db.execute("select text from articles").fetchall()]
        for name, (_, phrase) in SALVAGED.items():
            assert sum(phrase in text for text in texts) == 1, name
        jsonl_titles = db.execute(
            "select title from articles where source_uri like '%mixed.jsonl%' order by title"
        ).fetchall()
        assert jsonl_titles == [("Fishing quotas",), ("Port fees",)]
        assert not any("secret plans" in text for text in texts)
        assert len(texts) == len(SALVAGED) + 2

        run = db.execute("""select status, inputs_seen, articles_new, articles_duplicate,
                                   inputs_rejected from pipeline_runs""").fetchone()
        assert run == ("completed", len(SALVAGED) + 2 + len(DUPLICATES)
                       + len(expected_rejections), len(SALVAGED) + 2, len(DUPLICATES),
                       len(expected_rejections))
        assert run[1] == run[2] + run[3] + run[4]  # the accounting identity
        assert db.execute("select table_name, row_key like '%' from quarantine").fetchall() == [
            ("articles", True)]
        assert run_checks(db).filter(pl.col("violations") > 0).is_empty()
