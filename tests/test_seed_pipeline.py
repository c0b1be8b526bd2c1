"""End to end on the seed article: `newsflow run seeds/` and what the warehouse then holds."""

from __future__ import annotations

import duckdb

from tests.conftest import SEEDS

STANDFIRST = ("The two allies are looking to cooperate closely in research and development of "
              "advanced chips, artificial intelligence and quantum technology, sources say")


def entity(db: duckdb.DuckDBPyConnection, name: str) -> tuple[str, str | None]:
    rows = db.execute(
        "select entity_type, country_code from entities where canonical_name = ?", [name]
    ).fetchall()
    assert len(rows) == 1, f"{name!r}: {rows}"
    return rows[0]


def test_seed_file_is_the_owners_sample_byte_for_byte() -> None:
    from tests.conftest import SHARED

    shared = SHARED / "seeds"
    if shared.exists():
        for file in shared.iterdir():
            assert (SEEDS / file.name).read_bytes() == file.read_bytes()


def test_title_split_from_body_and_standfirst_not_repeated(seed_db: duckdb.DuckDBPyConnection) -> None:
    title, text = seed_db.execute("select title, text from articles").fetchone()
    assert title == "Japan and US Agree to Cooperate on Advanced Technology"
    assert not text.startswith("Japan and US Agree")
    assert text.count(STANDFIRST) <= 1
    assert "Japan and the United States have agreed to cooperate closely" in text
    assert "’" not in text and "“" not in text


def test_people_are_persons_without_titles(seed_db: duckdb.DuckDBPyConnection) -> None:
    for name in ("Yasutoshi Nishimura", "Gina Raimondo", "Wang Wentao"):
        assert entity(seed_db, name)[0] == "PERSON"
    names = {r[0] for r in seed_db.execute("select canonical_name from entities").fetchall()}
    assert "Commerce Gina Raimondo" not in names
    assert not any(n.startswith(("Economy", "Commerce", "Minister", "Secretary")) for n in names)


def test_countries_resolve_to_one_entity_each_with_iso_codes(seed_db: duckdb.DuckDBPyConnection) -> None:
    expected = {"Japan": "JP", "United States": "US", "China": "CN", "Netherlands": "NL"}
    for name, code in expected.items():
        assert entity(seed_db, name) == ("GPE", code)
    us_surfaces = {r[0] for r in seed_db.execute(
        "select distinct m.surface from mentions m join entities e using (entity_id) "
        "where e.canonical_name = 'United States'").fetchall()}
    assert {"US", "the United States"} <= us_surfaces or {"US", "United States"} <= us_surfaces


def test_companies_are_orgs_and_ibm_has_its_long_name_as_alias(seed_db: duckdb.DuckDBPyConnection) -> None:
    for name in ("Rapidus", "IBM", "Micron Technology"):
        assert entity(seed_db, name)[0] == "ORG"
    aliases = seed_db.execute("select aliases from entities where canonical_name = 'IBM'").fetchone()[0]
    assert "International Business Machines Corp" in aliases


def test_an_event_has_japan_and_the_united_states_as_participants(seed_db: duckdb.DuckDBPyConnection) -> None:
    count = seed_db.execute("""
        select count(*) from events v
        where exists (select 1 from event_participants p join entities e using (entity_id)
                      where p.event_id = v.event_id and e.canonical_name = 'Japan')
          and exists (select 1 from event_participants p join entities e using (entity_id)
                      where p.event_id = v.event_id and e.canonical_name = 'United States')
    """).fetchone()[0]
    assert count >= 1


def test_every_mention_surface_is_its_text_slice(seed_db: duckdb.DuckDBPyConnection) -> None:
    total, bad = seed_db.execute("""
        select count(*), count(*) filter (where substr(a.text, m.start_char + 1,
                                          m.end_char - m.start_char) <> m.surface)
        from mentions m join articles a using (article_id)
    """).fetchone()
    assert total > 20 and bad == 0


def test_run_is_recorded_and_accounted_for(seed_db: duckdb.DuckDBPyConnection) -> None:
    row = seed_db.execute("""
        select status, inputs_seen, articles_new, articles_duplicate, inputs_rejected,
               flow_run_id is not null, mentions_loaded = (select count(*) from mentions)
        from pipeline_runs""").fetchone()
    assert row == ("completed", 1, 1, 0, 0, True, True)
    run_ids = seed_db.execute("select distinct run_id from articles").fetchall()
    assert run_ids == seed_db.execute("select run_id from pipeline_runs").fetchall()
    assert seed_db.execute("select count(*) from quality_results").fetchone()[0] > 10
