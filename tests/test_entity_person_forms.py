"""tasks.entity_person_forms: a group's name before a full name, middle initials."""

from __future__ import annotations

from tests.entity_mentions import mention, resolve


def names_of(*mentions: dict) -> list[tuple[str, list[str]]]:
    return sorted(resolve(*mentions).entities.select("canonical_name", "aliases").rows())


def test_first_name_and_surname_join_the_one_form_with_a_middle_initial() -> None:
    assert names_of(mention("a1", 0, "Jane Q Doe", "PERSON"),
                    mention("a2", 0, "Jane Doe", "PERSON")) == [
        ("Jane Q Doe", ["Jane Doe", "Jane Q Doe"])]


def test_then_a_lone_surname_joins_the_merged_full_name() -> None:
    assert names_of(mention("a1", 0, "Jane Q Doe", "PERSON"),
                    mention("a2", 0, "Jane Doe", "PERSON"),
                    mention("a3", 0, "Doe", "PERSON")) == [
        ("Jane Q Doe", ["Doe", "Jane Doe", "Jane Q Doe"])]


def test_two_forms_with_different_initials_leave_the_short_form_alone() -> None:
    assert [n for n, _ in names_of(mention("a1", 0, "Jane Q Doe", "PERSON"),
                                   mention("a2", 0, "Jane R. Doe", "PERSON"),
                                   mention("a3", 0, "Jane Doe", "PERSON"))] == [
        "Jane Doe", "Jane Q Doe", "Jane R. Doe"]


def test_initials_with_and_without_full_stops_are_one_form() -> None:
    assert [n for n, _ in names_of(mention("a1", 0, "Jane Q Doe", "PERSON"),
                                   mention("a2", 0, "Jane Q. Doe", "PERSON"),
                                   mention("a3", 0, "Jane Doe", "PERSON"))] == ["Jane Q Doe"]


def test_a_middle_name_is_not_an_initial() -> None:
    assert [n for n, _ in names_of(mention("a1", 0, "Jane Quincy Doe", "PERSON"),
                                   mention("a2", 0, "Jane Doe", "PERSON"))] == [
        "Jane Doe", "Jane Quincy Doe"]


def test_a_group_name_run_into_a_full_name_is_dropped() -> None:
    assert names_of(mention("a1", 0, "Greens", "NORP"),
                    mention("a1", 10, "Greens Ann Smith", "PERSON"),
                    mention("a2", 0, "Ann Smith", "PERSON")) == [
        ("Ann Smith", ["Ann Smith", "Greens Ann Smith"]), ("Greens", ["Greens"])]


def test_a_one_word_rest_is_no_full_name() -> None:
    assert [n for n, _ in names_of(mention("a1", 0, "Acme", "ORG"),
                                   mention("a1", 10, "Acme Smith", "PERSON"),
                                   mention("a2", 0, "Smith", "PERSON"))] == [
        "Acme", "Acme Smith"]


def test_a_spouses_honorific_name_does_not_stand_against_the_full_name() -> None:
    # "Mrs Doe" (tasks.ner.names' name for a spouse) is no full name: "Doe" elsewhere, and
    # "Doe" in her own article, join "Jon Doe".
    assert names_of(mention("a1", 0, "Jon Doe", "PERSON"),
                    mention("a2", 0, "Mrs Doe", "PERSON"), mention("a2", 20, "Doe", "PERSON"),
                    mention("a3", 0, "Doe", "PERSON")) == [
        ("Jon Doe", ["Doe", "Jon Doe"]), ("Mrs Doe", ["Mrs Doe"])]
