"""The scale benchmark's replicated corpora: every copy must be a new article to newsflow."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from benchmarks.scale import Attempts, build_corpus, perturb, window_figures
from tasks.staging import RUN_STATE_FILE, STAGING_FOLDER


def test_copy_zero_is_the_original_text() -> None:
    assert perturb("Profits rose 7% to $11bn in 2004.", 0) == "Profits rose 7% to $11bn in 2004."


def test_a_copy_shifts_whole_numbers_and_names_itself() -> None:
    assert perturb("Profits rose 7% to $11bn in 2004.", 3) == (
        "Profits rose 10% to $14bn in 2007.\n\nReference 3."
    )


def test_replicated_corpus_has_unique_ids_and_texts_split_across_files(tmp_path: Path) -> None:
    source = tmp_path / "source.jsonl"
    source.write_text(
        json.dumps({"article_id": "a", "title": "Talks", "text": "Talks\n\nTwo sides met."}) + "\n"
        + json.dumps({"article_id": "b", "title": "Deal", "text": "Deal\n\nA deal of 5 firms."}) + "\n",
        encoding="utf-8",
    )
    folder = tmp_path / "corpus"
    build_corpus(source, 5, folder, file_articles=2)
    files = sorted(path.name for path in folder.iterdir())
    records = [json.loads(line) for path in sorted(folder.iterdir())
               for line in path.read_text(encoding="utf-8").splitlines()]
    assert files == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    assert [r["id"] for r in records] == ["a-copy0", "b-copy0", "a-copy1", "b-copy1", "a-copy2"]
    assert len({r["text"] for r in records}) == 5
    assert records[3]["text"] == "Deal\n\nA deal of 6 firms.\n\nReference 1."


def test_grown_copies_are_new_articles_with_their_own_rare_entities(
    seed_warehouse: Path, tmp_path: Path,
) -> None:
    import duckdb

    from benchmarks.warehouse_scale import grow

    grow(seed_warehouse, tmp_path / "grown.duckdb", articles=2)
    with duckdb.connect(str(tmp_path / "grown.duckdb")) as grown:
        grown.execute("attach ? as base (read_only)", [str(seed_warehouse)])

        def counts(schema: str) -> tuple[int, ...]:
            return grown.sql(f"""select (select count(*) from {schema}.articles),
                (select count(*) from {schema}.mentions), (select count(*) from {schema}.events),
                (select count(distinct entity_id) from {schema}.mentions)""").fetchall()[0]

        base, copied = counts("base"), counts("main")
        # The seed is one article: every entity it mentions is rare, so each copy has its own.
        assert copied == tuple(2 * count for count in base)
        assert grown.sql("select count(*) from main.articles semi join base.articles "
                         "using (article_id)").fetchall() == [(0,)]
        assert grown.sql("select count(distinct published_at) from main.articles").fetchall() == [(2,)]
        assert grown.sql("select count(*) from entity_mention_counts").fetchall() == [(copied[3],)]


def test_a_grown_warehouse_republishes_as_one_run_of_windows(
    seed_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    import duckdb

    from benchmarks.publish_scale import publish, stage_run
    from benchmarks.warehouse_scale import grow

    grown = tmp_path / "grown.duckdb"
    grow(seed_warehouse, grown, articles=3)
    # Two of the three articles, in windows of one: two windows, published under a memory limit.
    assert stage_run(grown, 2, 1, tmp_path / "staged") == 2
    assert len(list((tmp_path / "staged" / "articles").glob("window-*.parquet"))) == 2
    publish(tmp_path / "staged", tmp_path / "published.duckdb", "256MB")
    outcome = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert outcome["status"] == "completed"
    with duckdb.connect(str(tmp_path / "published.duckdb"), read_only=True) as published:
        published.execute("attach ? as grown (read_only)", [str(grown)])
        assert published.sql("""
            select count(*) from main.mentions anti join (
                select * from grown.mentions where article_id in (select article_id from main.articles)
            ) using (article_id, start_char)""").fetchall() == [(0,)]
        assert outcome["mentions"] == published.sql("select count(*) from mentions").fetchall()[0][0]
        assert published.sql("select count(*) from articles").fetchall() == [(2,)]
        assert published.sql("select count(*) from entity_mention_counts").fetchall()[0][0] > 0


def killed_attempt(tmp_path: Path, seconds: float, last_window_at: float | None) -> Attempts:
    """A benchmark killed `seconds` into its attempt, its run's last window recorded at
    `last_window_at` (None: before its first window)."""
    warehouse = tmp_path / "warehouse-100" / "newsflow.duckdb"
    attempts = Attempts(tmp_path / "attempts-100.json", tmp_path / "corpus-100", warehouse)
    attempts.save([{"started": 1000.0, "seconds": seconds, "peak_tree_rss": 1,
                    "peak_process_rss": 1, "finished": False}])
    if last_window_at is not None:
        state = warehouse.parent / STAGING_FOLDER / "run-1" / RUN_STATE_FILE
        state.parent.mkdir(parents=True)
        state.write_text("{}", encoding="utf-8")
        os.utime(state, (last_window_at, last_window_at))
    return attempts


def test_a_killed_attempt_loses_only_what_followed_its_last_window(tmp_path: Path) -> None:
    attempts = killed_attempt(tmp_path, seconds=600.0, last_window_at=1000.0 + 450.0)
    assert attempts._lost_seconds(attempts.records()[0]) == pytest.approx(150.0)


def test_a_killed_attempt_before_its_first_window_is_lost_whole(tmp_path: Path) -> None:
    attempts = killed_attempt(tmp_path, seconds=600.0, last_window_at=None)
    assert attempts._lost_seconds(attempts.records()[0]) == 600.0


def test_a_finished_run_is_not_run_again(tmp_path: Path) -> None:
    attempts = Attempts(tmp_path / "attempts-10.json", tmp_path / "missing-corpus",
                        tmp_path / "w" / "newsflow.duckdb")
    finished = [{"started": 1.0, "seconds": 5.0, "peak_tree_rss": 1, "peak_process_rss": 1,
                 "finished": True, "returncode": 0}]
    attempts.save(finished)
    assert attempts.run() == (None, finished)


def test_the_window_a_run_last_recorded_is_read_from_its_state(tmp_path: Path) -> None:
    attempts = killed_attempt(tmp_path, seconds=600.0, last_window_at=1450.0)
    assert attempts.staged_window() is None  # a state without timings (older runs) is skipped
    [state] = (tmp_path / "warehouse-100" / STAGING_FOLDER).glob(f"*/{RUN_STATE_FILE}")
    state.write_text(json.dumps({"windows_done": 3, "last_window": {
        "articles": 500, "seconds": {"extract": 55.0, "validate": 5.0}}}), encoding="utf-8")
    assert attempts.staged_window() == {"number": 3, "articles": 500,
                                        "seconds": {"extract": 55.0, "validate": 5.0}}


def test_window_figures_split_a_run_into_its_windows_and_the_rest() -> None:
    records = [
        {"seconds": 700.0, "lost_seconds": 40.0, "windows": [
            {"number": 1, "articles": 5000, "seconds": {"extract": 570.0, "validate": 30.0}}]},
        {"seconds": 900.0, "windows": [
            {"number": 3, "articles": 1000, "seconds": {"extract": 95.0, "validate": 5.0}},
            {"number": 2, "articles": 5000, "seconds": {"extract": 600.0, "validate": 25.0}}]},
    ]
    median, line = window_figures(records)  # type: ignore[misc]
    assert median == 120.0  # of 120 (window 1), 125 (window 2) and 100 (window 3) ms an article
    assert line == ("3 windows timed: 120.0 ms an article (median; 100.0-125.0); "
                    "extract 95.5 %, validate 4.5 %; outside windows 235 s")
    assert window_figures([{"seconds": 5.0}]) is None
