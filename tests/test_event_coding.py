"""CAMEO coding, date resolution, linking and de-duplication on hand-made frames."""

from __future__ import annotations

from datetime import date

import polars as pl

from tasks.events import code_events, load_cameo_codes, resolve_date
from tasks.extract import ARGUMENT_SCHEMA, EVENT_SCHEMA, SENTENCE_SCHEMA
from tasks.ids import stable_id


def test_goldstein_values_are_gdelts() -> None:
    table = dict(load_cameo_codes().select("cameo_code", "goldstein").iter_rows())
    assert table["036"] == 4.0
    assert table["042"] == 1.9
    assert table["057"] == 8.0
    assert table["061"] == 6.4
    assert table["071"] == 7.4
    assert table["163"] == -8.0


def test_relative_dates_resolve_against_publication() -> None:
    friday = date(2023, 5, 26)
    assert resolve_date("on Thursday", friday, "asserted") == date(2023, 5, 25)
    assert resolve_date("on Friday", date(2023, 5, 24), "planned") == date(2023, 5, 26)
    assert resolve_date("last week", friday, "asserted") == date(2023, 5, 19)
    assert resolve_date("in 2023", None, "asserted") == date(2023, 1, 1)
    assert resolve_date("19 October", date(2004, 11, 2), "asserted") == date(2004, 10, 19)
    assert resolve_date("on Thursday", None, "asserted") is None


def _frames(sentence_indexes: list[int]) -> tuple[pl.DataFrame, ...]:
    events = pl.DataFrame([
        {"article_id": "a", "event_key": k, "sentence_index": s, "trigger": "met",
         "trigger_lemma": "meet", "start_char": 100 * s, "end_char": 100 * s + 3,
         "cameo_code": "040", "modality": "asserted", "date_text": None,
         "location_start_char": None, "location_end_char": None, "confidence": 0.9}
        for k, s in enumerate(sentence_indexes)
    ], schema=EVENT_SCHEMA)
    arguments = pl.DataFrame([
        {"article_id": "a", "event_key": k, "role": role, "start_char": 100 * s + offset,
         "end_char": 100 * s + offset + 4}
        for k, s in enumerate(sentence_indexes)
        for role, offset in (("source", 10), ("target", 20))
    ], schema=ARGUMENT_SCHEMA)
    mentions = pl.DataFrame([
        {"article_id": "a", "entity_id": entity, "surface": "Name",
         "start_char": 100 * s + offset, "end_char": 100 * s + offset + 4,
         "sentence_index": s, "label": "PERSON"}
        for s in sentence_indexes for entity, offset in (("e1", 10), ("e2", 20))
    ])
    sentences = pl.DataFrame([
        {"article_id": "a", "sentence_index": s, "start_char": 100 * s,
         "end_char": 100 * s + 90, "text": f"sentence {s}"} for s in sentence_indexes
    ], schema=SENTENCE_SCHEMA)
    articles = pl.DataFrame({"article_id": ["a"], "published_at": [None]},
                            schema={"article_id": pl.String, "published_at": pl.Datetime("us")})
    return events, arguments, mentions, sentences, articles


def test_same_event_told_twice_is_one_row_with_stable_id() -> None:
    coded = code_events(*_frames([0, 3]))
    assert coded.events.height == 1
    row = coded.events.row(0, named=True)
    assert row["sentence_index"] == 0
    assert row["event_id"] == stable_id("a", 0, 0, "040")
    assert (row["event_type"], row["cameo_root"], row["quad_class"], row["goldstein"]) == (
        "Consult", "04", 1, 1.0)
    assert sorted(coded.event_participants.select("entity_id", "role").rows()) == [
        ("e1", "source"), ("e2", "target")]


def test_meetings_on_different_dates_stay_two_events() -> None:
    events, arguments, mentions, sentences, _ = _frames([0, 3])
    events = events.with_columns(date_text=pl.Series(["on Monday", "on Thursday"]))
    articles = pl.DataFrame({"article_id": ["a"], "published_at": [date(2023, 5, 26)]}).cast(
        {"published_at": pl.Datetime("us")})
    coded = code_events(events, arguments, mentions, sentences, articles)
    assert sorted(coded.events["event_date"].to_list()) == [date(2023, 5, 22), date(2023, 5, 25)]


def test_one_participant_in_opposite_roles_is_two_events() -> None:
    events, arguments, mentions, sentences, articles = _frames([0, 3])
    # each telling names only e1: the target the first time, the source the second
    arguments = arguments.filter(pl.col("role") == "source").with_columns(
        role=pl.Series(["target", "source"]))
    coded = code_events(events, arguments, mentions, sentences, articles)
    assert sorted(coded.event_participants.select("entity_id", "role").rows()) == [
        ("e1", "source"), ("e1", "target")]
    # the same participant in the same role, told twice, stays one event
    same = code_events(events, arguments.with_columns(role=pl.lit("source")), mentions, sentences, articles)
    assert same.events.height == 1
