"""Cross-article rules in tasks.entities: acronyms, singular/plural and clipped group names,
the batch-wide type vote, and capitals that stand for a country."""

from __future__ import annotations

from tests.entity_mentions import mention, resolve


def entities_of(*mentions: dict) -> list[tuple[str, str, list[str]]]:
    return sorted(resolve(*mentions).entities.select("canonical_name", "entity_type", "aliases").rows())


def test_acronym_resolves_to_the_one_long_form_in_another_article() -> None:
    # One stray place reading among six ORG readings takes the majority type too.
    eu = [mention("a1", 10 * i, "EU", "ORG") for i in range(4)]
    assert entities_of(*eu, mention("a1", 90, "EU", "GPE"),
                       mention("a2", 0, "European Union", "ORG")) == [
        ("European Union", "ORG", ["EU", "European Union"])]


def test_acronym_with_two_equally_used_long_forms_stays_as_written() -> None:
    assert [name for name, _, _ in entities_of(
        mention("a1", 0, "LSE", "ORG"), mention("a2", 0, "London Stock Exchange", "ORG"),
        mention("a3", 0, "London School of Economics", "ORG"))] == [
        "LSE", "London School of Economics", "London Stock Exchange"]


def test_acronym_takes_the_long_form_that_dominates_its_initials() -> None:
    union = [mention("a2", 20 * i, "European Union", "ORG") for i in range(5)]
    names = [name for name, _, _ in entities_of(
        mention("a1", 0, "EU", "ORG"), *union, mention("a3", 0, "Edinburgh University", "ORG"))]
    assert names == ["Edinburgh University", "European Union"]


def test_acronym_never_resolves_to_a_person() -> None:
    assert [name for name, _, _ in entities_of(
        mention("a1", 0, "GM", "ORG"), mention("a2", 0, "Giuseppe Morchio", "PERSON"))] == [
        "GM", "Giuseppe Morchio"]


def test_plural_and_singular_of_a_group_are_one_entity_named_by_the_singular() -> None:
    assert entities_of(mention("a1", 0, "Tories", "NORP"), mention("a2", 0, "Tory", "NORP"),
                       mention("a2", 10, "Tory", "NORP")) == [("Tory", "NORP", ["Tories", "Tory"])]


def test_clipped_party_name_joins_its_full_name() -> None:
    assert entities_of(mention("a1", 0, "Lib Dems", "ORG"), mention("a2", 0, "Lib Dem", "ORG"),
                       mention("a3", 0, "Liberal Democrats", "ORG")) == [
        ("Liberal Democrats", "ORG", ["Lib Dem", "Lib Dems", "Liberal Democrats"])]


def test_place_and_demonym_are_not_clipped_forms_of_each_other() -> None:
    assert [name for name, _, _ in entities_of(
        mention("a1", 0, "New York", "GPE"), mention("a2", 0, "New Yorker", "NORP"))] == [
        "New York", "New Yorker"]


def test_type_vote_counts_a_rule_set_type_over_model_readings() -> None:
    # Two bare model readings of PERSON against one mention a context cue made ORG
    # (label PERSON, type ORG), which counts three times.
    assert entities_of(mention("a1", 0, "Yukos", "PERSON"), mention("a1", 30, "Yukos", "PERSON"),
                       mention("a2", 0, "Yukos", "ORG", label="PERSON")) == [
        ("Yukos", "ORG", ["Yukos"])]


def test_type_vote_is_the_majority_of_model_readings() -> None:
    assert entities_of(*(mention("a1", 10 * i, "Acme", "ORG") for i in range(3)),
                       mention("a2", 0, "Acme", "PERSON")) == [("Acme", "ORG", ["Acme"])]


def test_place_that_names_a_club_elsewhere_keeps_both_readings() -> None:
    assert [(name, kind) for name, kind, _ in entities_of(
        mention("a1", 0, "Chicago", "GPE"), mention("a2", 0, "Chicago", "ORG"),
        mention("a2", 20, "Chicago", "ORG", label="GPE"))] == [
        ("Chicago", "GPE"), ("Chicago", "ORG")]


def test_capital_as_actor_joins_country_and_the_city_keeps_only_city_mentions() -> None:
    resolved = resolve(
        mention("a1", 0, "Washington", "GPE"),                          # "met in Washington"
        mention("a1", 40, "Washington", "GPE", hint="United States"),   # "Washington says"
        mention("a2", 0, "US", "GPE"),
    )
    names = dict(resolved.entities.select("entity_id", "canonical_name").rows())
    assert sorted((names[e], s, start) for e, s, start in resolved.mentions.select(
        "entity_id", "surface", "start_char").rows()) == [
        ("United States", "US", 0), ("United States", "Washington", 40),
        ("Washington", "Washington", 0)]
