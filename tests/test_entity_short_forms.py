"""An organisation's short form within one article joins its long name (tasks.entity_short_forms)."""

from __future__ import annotations

import polars as pl

from tasks.entity_short_forms import short_forms_to_long_forms


def _named(rows: list[tuple[str, str, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"article_id": pl.String, "canonical_name": pl.String,
                                      "entity_type": pl.String, "start_char": pl.Int32}, orient="row")


def _names(frame: pl.DataFrame) -> list[tuple[str, str, str]]:
    return frame.select("article_id", "canonical_name", "entity_type").rows()


def test_a_short_form_after_its_long_name_joins_it() -> None:
    named = _named([("a", "Marsh & McLennan", "ORG", 0), ("a", "Marsh", "ORG", 90),
                    ("a", "Foster's Group", "ORG", 200), ("a", "Foster", "PERSON", 300)])
    assert _names(short_forms_to_long_forms(named)) == [
        ("a", "Marsh & McLennan", "ORG"), ("a", "Marsh & McLennan", "ORG"),
        ("a", "Foster's Group", "ORG"), ("a", "Foster's Group", "ORG")]


def test_a_run_of_words_inside_the_long_name_is_a_short_form() -> None:
    named = _named([("a", "UK Independence Party", "ORG", 0), ("a", "Independence Party", "ORG", 50)])
    assert _names(short_forms_to_long_forms(named))[1] == ("a", "UK Independence Party", "ORG")


def test_a_name_used_before_the_long_name_or_in_another_article_stays() -> None:
    named = _named([("a", "Marsh", "ORG", 0), ("a", "Marsh & McLennan", "ORG", 50),
                    ("b", "Marsh", "ORG", 0)])
    assert [n for _, n, _ in _names(short_forms_to_long_forms(named))] == ["Marsh", "Marsh & McLennan", "Marsh"]


def test_two_long_names_sharing_the_words_leave_the_short_one_alone() -> None:
    named = _named([("a", "Bank of England", "ORG", 0), ("a", "World Bank", "ORG", 20),
                    ("a", "Bank", "ORG", 40), ("a", "Sony Ericsson", "ORG", 60),
                    ("a", "Sony BMG", "ORG", 70), ("a", "Sony", "ORG", 80)])
    renamed = [n for _, n, _ in _names(short_forms_to_long_forms(named))]
    assert renamed[2] == "Bank" and renamed[5] == "Sony"


def test_a_surname_a_place_and_a_name_the_batch_uses_alone_stay() -> None:
    named = _named([("a", "Ford Motor", "ORG", 0), ("a", "Harrison Ford", "PERSON", 10),
                    ("a", "Ford", "PERSON", 40),
                    ("b", "Google News", "ORG", 0), ("b", "Google", "ORG", 30),
                    ("c", "Google", "ORG", 0), ("d", "Google", "ORG", 0),
                    ("e", "Bank of France", "ORG", 0), ("e", "France", "ORG", 30)])
    renamed = [n for _, n, _ in _names(short_forms_to_long_forms(named))]
    assert renamed[2] == "Ford" and renamed[4] == "Google" and renamed[8] == "France"


def test_a_person_full_name_or_surname_and_a_shouted_headline_are_no_long_names() -> None:
    named = _named([("a", "KEVIN BROWN LOWERS ERA", "ORG", 0), ("a", "Kevin Brown", "PERSON", 40),
                    ("b", "Hen Vipheak", "ORG", 0), ("b", "Vipheak", "PERSON", 60),
                    ("c", "MITCHELL DEFEATS", "ORG", 0), ("c", "Mitchell", "PERSON", 60),
                    ("d", "Dennis Wise", "ORG", 0), ("d", "Dennis Wise", "PERSON", 30),
                    ("d", "Dennis", "PERSON", 60)])
    assert _names(short_forms_to_long_forms(named)) == _names(named)
