"""Quality gates: critical failures refuse the batch, row-level failures are quarantined.

The in-process tests build a run's frames by hand (one good article, one published in the
future, a mention whose surface is not its text slice, an event with a bad CAMEO code) and
check what the gate does with each. The end-to-end test forces a critical failure through the
real CLI and checks that the warehouse is unchanged and the failure is on record.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tasks.assemble import RunCounts, RunFrames, RunSummary, frames_to_validate
from tasks.validate import apply_quarantine, gate_outcome, load_suites, validate_frames
from tests.conftest import run_newsflow

RUN_AT = datetime(2024, 3, 1, 12, 0)
GOOD_TEXT = "Japan met China in Tokyo."
FUTURE_TEXT = "France praised Germany."
PUBLISHED_TABLES = ["articles", "entities", "mentions", "entity_roles", "events",
                    "event_participants", "rejected_inputs", "input_files", "quarantine"]


def article(article_id: str, text: str, published_at: datetime | None) -> dict[str, object]:
    return {"article_id": article_id, "source_uri": f"/inbox/{article_id}.txt",
            "source_name": None, "title": None, "published_at": published_at, "language": "en",
            "text": text, "word_count": len(text.split()), "ingested_at": RUN_AT, "run_id": "r1"}


def entity(entity_id: str, name: str, code: str) -> dict[str, object]:
    return {"entity_id": entity_id, "canonical_name": name, "entity_type": "GPE",
            "country_code": code, "aliases": [name], "first_seen_at": RUN_AT,
            "last_seen_at": RUN_AT, "geonames_id": None, "feature_class": None, "admin1_code": None,
            "latitude": None, "longitude": None}


def mention(article_id: str, entity_id: str, surface: str, start: int, end: int) -> dict[str, object]:
    return {"article_id": article_id, "entity_id": entity_id, "surface": surface,
            "start_char": start, "end_char": end, "sentence_index": 0, "label": "GPE"}


def event(event_id: str, cameo_code: str, cameo_root: str) -> dict[str, object]:
    return {"event_id": event_id, "article_id": "good", "event_type": "Meet",
            "cameo_code": cameo_code, "cameo_root": cameo_root, "quad_class": 1,
            "goldstein": 1.0, "trigger": "met", "sentence_index": 0, "sentence": GOOD_TEXT,
            "start_char": 6, "end_char": 9, "event_date": date(2024, 2, 28), "date_text": None,
            "location_entity_id": "tokyo", "modality": "asserted", "confidence": 0.9,
            "location_source": "sentence"}


def run_frames(events: list[dict[str, object]]) -> RunFrames:
    return RunFrames(
        articles=pl.DataFrame([article("good", GOOD_TEXT, datetime(2024, 2, 28)),
                               article("future", FUTURE_TEXT, datetime(2031, 1, 1))]),
        entities=pl.DataFrame([entity("japan", "Japan", "JP"), entity("china", "China", "CN"),
                               entity("tokyo", "Tokyo", "JP"), entity("france", "France", "FR"),
                               entity("germany", "Germany", "DE")]),
        mentions=pl.DataFrame([
            mention("good", "japan", "Japan", 0, 5),
            mention("good", "china", "Chna", 10, 15),  # surface is not text[10:15] ("China")
            mention("good", "tokyo", "Tokyo", 19, 24),
            mention("future", "france", "France", 0, 6),
            mention("future", "germany", "Germany", 15, 22),
        ]),
        entity_roles=pl.DataFrame(schema={"article_id": pl.String, "person_entity_id": pl.String,
                                          "title": pl.String, "affiliation_entity_id": pl.String}),
        events=pl.DataFrame(events),
        event_participants=pl.DataFrame([
            {"event_id": e["event_id"], "entity_id": "japan", "role": "source"} for e in events
        ] + [{"event_id": events[0]["event_id"], "entity_id": "china", "role": "target"}]),
        rejected_inputs=pl.DataFrame(schema={
            "source_uri": pl.String, "stage": pl.String, "reason": pl.String,
            "run_id": pl.String, "detected_at": pl.Datetime("us")}),
        input_files=pl.DataFrame(schema={"source_uri": pl.String, "content_hash": pl.String,
                                         "first_run_id": pl.String}),
    )


def summary_for(run: RunFrames) -> RunSummary:
    return RunSummary("r1", None, "w.duckdb", RUN_AT, counts=RunCounts(
        inputs_seen=2, articles_new=run.articles.height, articles_duplicate=0, inputs_rejected=0,
        inputs_skipped=0))


def test_row_level_failures_are_quarantined_and_the_rest_publishes(tmp_path: Path) -> None:
    run = run_frames([event("e-good", "036", "03"), event("e-bad", "999", "99")])
    report = validate_frames(frames_to_validate(run), "r1", RUN_AT, docs_dir=tmp_path / "docs")
    assert report.passed  # row-level problems never refuse the batch
    quarantine = report.quarantine.sort("table_name", "row_key")
    assert quarantine.select("table_name", "row_key", "reason").rows() == [
        ("articles", "future",
         "published_at lies after the run started (a publication date in the future)"),
        ("events", "e-bad", "cameo_code is not a CAMEO code (2-4 digits, zero-led); "
                            "cameo_root is not one of '01'-'20'"),
        ("mentions", "good|10|15|china", "surface is not the article text at its offsets"),
    ]
    assert json.loads(quarantine["row_json"][2])["text_slice"] == "China"

    published, quarantined = apply_quarantine(run, report, "r1")
    summary = summary_for(run).with_window(quarantined, gate_outcome(report))
    assert published.articles["article_id"].to_list() == ["good"]
    assert published.mentions["surface"].to_list() == ["Japan", "Tokyo"]
    assert published.events["event_id"].to_list() == ["e-good"]
    assert published.event_participants["event_id"].unique().to_list() == ["e-good"]
    # France and Germany were only mentioned by the quarantined article.
    assert sorted(published.entities["entity_id"]) == ["china", "japan", "tokyo"]
    assert published.rejected_inputs.select("source_uri", "stage").rows() == [
        ("/inbox/future.txt", "validate")]
    assert published.quarantine.height == 3
    counts = summary.counts
    assert (counts.articles_new, counts.inputs_rejected) == (1, 1)
    assert counts.inputs_seen == counts.articles_new + counts.articles_duplicate + counts.inputs_rejected
    assert summary.quarantined_rows == 3
    assert [rejection[:2] for rejection in summary.rejections] == [("/inbox/future.txt", "validate")]

    # Every expectation has its result row, and Data Docs were built for the run.
    declared = sum(len(rules) for rules in load_suites().rules.values())
    assert report.results.height == declared
    failed = report.results.filter(~pl.col("success"))
    assert set(failed["severity"]) == {"quarantine"}
    assert report.data_docs == tmp_path / "docs" / "index.html"
    assert "events_suite" in report.data_docs.read_text(encoding="utf-8")


def test_the_data_docs_of_a_run_in_windows_list_every_window(tmp_path: Path) -> None:
    run = run_frames([event("e-good", "036", "03")])
    for number in (1, 2):
        report = validate_frames(frames_to_validate(run), "r1", RUN_AT, tmp_path / "docs",
                                 window=f"window {number} of 2", results_dir=tmp_path / "results")
    assert report.data_docs is not None
    index = report.data_docs.read_text(encoding="utf-8")
    assert "r1 window 1 of 2" in index and "r1 window 2 of 2" in index
    # Each window has its own pages: the second did not overwrite the first.
    pages = sorted(path.relative_to(tmp_path / "docs" / "validations" / "events_suite").parts[0]
                   for path in (tmp_path / "docs" / "validations" / "events_suite").rglob("*.html"))
    assert pages == ["r1 window 1 of 2", "r1 window 2 of 2"]


def test_duplicate_event_ids_are_a_critical_failure() -> None:
    run = run_frames([event("e-same", "036", "03"), event("e-same", "042", "04")])
    report = validate_frames(frames_to_validate(run), "r1", RUN_AT)
    assert not report.passed
    assert report.critical_failures.select("table_name", "column_name", "expectation").rows() == [
        ("events", "event_id", "expect_column_values_to_be_unique")]


def test_quarantine_rules_must_be_row_level(tmp_path: Path) -> None:
    suites = tmp_path / "suites.json"
    suites.write_text(json.dumps({"articles": [{
        "type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1},
        "severity": "quarantine"}]}))
    with pytest.raises(ValueError, match="cannot quarantine rows"):
        load_suites(suites)


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as db:
        return {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr)
                for t in PUBLISHED_TABLES}


def test_a_batch_failing_a_critical_expectation_publishes_nothing(
    seed_warehouse: Path, tmp_path: Path,
) -> None:
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    before = snapshot(warehouse)
    # A stricter suites file (as an operator could configure) that this batch truly fails:
    # every article must have at least 1000 words.
    suites = tmp_path / "strict.json"
    suites.write_text(json.dumps({"articles": [
        {"type": "expect_column_values_to_be_between",
         "kwargs": {"column": "word_count", "min_value": 1000}, "severity": "critical"},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "article_id"},
         "severity": "critical"},
    ]}))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "short.txt").write_text(
        "Talks resume in Geneva\n\nDiplomats from France and Germany met in Geneva on Monday "
        "to discuss a new trade agreement, officials said.\n", encoding="utf-8")

    result = run_newsflow("run", str(inbox), "--warehouse", str(warehouse),
                          env={"NEWSFLOW_EXPECTATIONS_FILE": str(suites)})

    assert result.returncode == 1, result.stdout + result.stderr
    assert ": failed" in result.stdout
    assert ("message: critical expectations failed: articles.word_count: "
            "expect_column_values_to_be_between (1 unexpected") in result.stdout
    assert snapshot(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as db:
        failed_run = db.execute(
            "select run_id, status, message, inputs_seen, articles_new, inputs_rejected "
            "from pipeline_runs where status <> 'completed'").fetchall()
        assert len(failed_run) == 1
        run_id, status, message, seen, new, rejected = failed_run[0]
        assert status == "failed" and message.startswith("critical expectations failed")
        assert (seen, new, rejected) == (1, 1, 0)
        assert db.execute(
            "select column_name, expectation, success from quality_results where run_id = ? "
            "order by column_name", [run_id]).fetchall() == [
            ("article_id", "expect_column_values_to_be_unique", True),
            ("word_count", "expect_column_values_to_be_between", False),
        ]
