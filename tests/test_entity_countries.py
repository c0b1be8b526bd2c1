"""Countries of people and organisations (tasks.entity_countries): a country in brackets after a
name; the articles naming them, the weakest evidence, used last, and never as the entity's own
country in actor coding."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from tasks.actors import participant_inputs
from tasks.entities import resolve_entities
from tasks.extract import MENTION_SCHEMA, ROLE_SCHEMA, SENTENCE_SCHEMA


def mention(article_id: str, start: int, surface: str, entity_type: str) -> dict:
    return {"article_id": article_id, "sentence_index": 0, "start_char": start,
            "end_char": start + len(surface), "surface": surface, "label": entity_type,
            "entity_type": entity_type, "canonical_hint": None}


def article_about(article_id: str, country: str, *people: str) -> list[dict]:
    """An article whose main country is `country` (named twice), naming `people`."""
    return [mention(article_id, 0, country, "GPE"), mention(article_id, 20, country, "GPE"),
            *(mention(article_id, 40 + 30 * i, person, "PERSON") for i, person in enumerate(people))]


def resolve(*articles: list[dict], sentences: pl.DataFrame | None = None):  # type: ignore[no-untyped-def]
    rows = [row for article in articles for row in article]
    ids = sorted({row["article_id"] for row in rows})
    dated = pl.DataFrame({"article_id": ids, "published_at": [datetime(2024, 3, 1)] * len(ids),
                          "ingested_at": [datetime(2024, 3, 1)] * len(ids)})
    return resolve_entities(pl.DataFrame(rows, schema=MENTION_SCHEMA),
                            pl.DataFrame(schema=ROLE_SCHEMA), dated, sentences)


def resolve_sentence(text: str, rows: list[dict]):  # type: ignore[no-untyped-def]
    """Resolve the mentions `rows` of article a1, whose one sentence is `text`."""
    sentences = pl.DataFrame([{"article_id": "a1", "sentence_index": 0, "start_char": 0,
                               "end_char": len(text), "text": text}], schema=SENTENCE_SCHEMA)
    return resolve(rows, sentences=sentences)


def countries(resolved) -> dict[str, tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    people = resolved.entities.filter(pl.col("entity_type") == "PERSON")
    return {name: (code, source) for name, code, source in
            people.select("canonical_name", "country_code", "country_source").iter_rows()}


def test_three_articles_of_one_country_place_a_person_there() -> None:
    resolved = resolve(article_about("a1", "France", "Zqx Wompleton", "Qvo Trandelis"),
                       article_about("a2", "France", "Zqx Wompleton", "Qvo Trandelis"),
                       article_about("a3", "France", "Zqx Wompleton"),
                       article_about("a4", "Germany", "Qvo Trandelis"))
    # Trandelis: three French articles of four, but a German one too
    assert countries(resolved) == {"Zqx Wompleton": ("FR", "articles"),
                                   "Qvo Trandelis": (None, None)}


def test_two_articles_are_not_enough() -> None:
    resolved = resolve(article_about("a1", "France", "Zqx Wompleton"),
                       article_about("a2", "France", "Zqx Wompleton"))
    assert countries(resolved) == {"Zqx Wompleton": (None, None)}


def test_actor_coding_does_not_take_an_inferred_country_as_the_entitys_own() -> None:
    resolved = resolve(*(article_about(f"a{i}", "France", "Zqx Wompleton") for i in range(3)))
    person = resolved.entities.filter(pl.col("entity_type") == "PERSON")["entity_id"][0]
    pairs = pl.DataFrame({"article_id": ["a0"], "entity_id": [person]})
    articles = pl.DataFrame({"article_id": ["a0"], "published_at": [datetime(2024, 3, 1)]})
    inputs = participant_inputs(pairs, resolved.entities, resolved.entity_roles,
                                resolved.mentions, articles)
    assert inputs.select("entity_country_code", "article_country_code").rows() == [(None, "FR")]


def test_a_country_in_brackets_or_after_of_after_a_name_is_stated() -> None:
    text = ("Carlos Moya (Spain) beat Zqx Wompleton, France and Qvo Trandelis (Chile) "
            "and Yxa Brumbleton of Belgium.")
    rows = [mention("a1", text.index(name), name, kind) for name, kind in (
        ("Carlos Moya", "PERSON"), ("Spain", "GPE"), ("Zqx Wompleton", "PERSON"),
        ("France", "GPE"), ("Qvo Trandelis", "PERSON"), ("Chile", "GPE"),
        ("Yxa Brumbleton", "PERSON"), ("Belgium", "GPE"))]
    resolved = resolve_sentence(text, rows)
    # a comma is no bracket: "Zqx Wompleton, France" may be a list
    assert countries(resolved) == {"Carlos Moya": ("ES", "stated"),
                                   "Zqx Wompleton": (None, None),
                                   "Qvo Trandelis": ("CL", "stated"),
                                   "Yxa Brumbleton": ("BE", "stated")}


def test_a_country_ending_the_sentence_before_is_no_possessive() -> None:
    # "... lost to Olivier Rochus of Belgium.\n\nCoria lost": three characters, like "'s "
    belgium = mention("a1", 0, "Belgium", "GPE")
    coria = {**mention("a1", 10, "Zqx Wompleton", "PERSON"), "sentence_index": 1}
    france = {**mention("a1", 30, "France", "GPE"), "sentence_index": 1}
    trandelis = {**mention("a1", 39, "Qvo Trandelis", "PERSON"), "sentence_index": 1}
    assert countries(resolve([belgium, coria, france, trandelis])) == {
        "Zqx Wompleton": (None, None), "Qvo Trandelis": ("FR", "stated")}


def test_a_nations_possessive_or_brackets_state_its_country() -> None:
    text = "Wales's Zqx Wompleton and Qvo Trandelis (Scotland) drew."
    rows = [mention("a1", text.index(name), name, kind) for name, kind in (
        ("Wales", "GPE"), ("Zqx Wompleton", "PERSON"), ("Qvo Trandelis", "PERSON"),
        ("Scotland", "GPE"))]
    rows[1]["start_char"] = rows[0]["end_char"] + 3          # "'s " as the possessive gap
    rows[1]["end_char"] = rows[1]["start_char"] + len("Zqx Wompleton")
    resolved = resolve_sentence(text, rows)
    assert countries(resolved) == {"Zqx Wompleton": ("GB", "stated"),
                                   "Qvo Trandelis": ("GB", "stated")}


def test_an_institution_the_dictionaries_place_places_its_articles() -> None:
    # "Bundestag" (DE in the actor dictionaries) twice in each of three articles naming no
    # German place: the articles are German ones, and so is the person they all name.
    articles = [[mention(f"a{i}", 0, "Bundestag", "ORG"), mention(f"a{i}", 20, "Bundestag", "ORG"),
                 mention(f"a{i}", 40, "Zqx Wompleton", "PERSON")] for i in range(3)]
    assert countries(resolve(*articles)) == {"Zqx Wompleton": ("DE", "articles")}


def test_an_organisation_placed_only_by_its_name_does_not_place_its_articles() -> None:
    # A country in a firm's name ("Air France" -> FR, source 'name') says where the firm is,
    # not where the stories naming it are.
    articles = [[mention(f"a{i}", 0, "Air France", "ORG"), mention(f"a{i}", 20, "Air France", "ORG"),
                 mention(f"a{i}", 40, "Zqx Wompleton", "PERSON")] for i in range(3)]
    assert countries(resolve(*articles)) == {"Zqx Wompleton": (None, None)}
