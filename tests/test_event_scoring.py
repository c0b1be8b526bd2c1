"""Scoring of events against a whole-article gold (newsflow.event_scoring), on made-up rows."""

from __future__ import annotations

from newsflow.event_scoring import GoldEvent, PredictedEvent, country_names, names_match, normal_name, score

TEXT_SPANS = ((0, 50), (100, 150))


def gold(event_id: str = "a#01", roots: tuple[str, ...] = ("11",), names: tuple[str, ...] = ("jack straw", "syria"),
         modality: str = "asserted") -> GoldEvent:
    return GoldEvent(event_id, "a", TEXT_SPANS, names, roots, modality)


def predicted(start: int = 10, root: str = "11", names: tuple[str, ...] = ("straw",), modality: str = "asserted",
              with_country: bool = True) -> PredictedEvent:
    return PredictedEvent("a", start, root, modality, tuple(frozenset({n}) for n in names),
                          tuple(with_country for _ in names))


def test_names_match_exactly_by_surname_and_by_acronym() -> None:
    assert names_match("jack straw", {"jack straw"})
    assert names_match("jack straw", {"straw"})
    assert names_match("un", {"united nations"})
    assert not names_match("jack straw", {"jack"})
    assert not names_match("syria", {"iran"})


def test_normal_names_drop_titles_and_possessives() -> None:
    assert normal_name("Mr Straw's") == "straw"
    assert normal_name("the President George Bush") == "george bush"


def test_a_country_is_known_by_its_common_names() -> None:
    assert {"united kingdom", "gb", "gbr"} <= country_names("GB")


def test_an_event_is_found_in_an_other_sentence_with_one_participant_and_an_alternative_root() -> None:
    scores = score([gold(roots=("12", "11"))], [predicted(start=120)])
    assert (scores.matched_gold, scores.matched_predicted) == (1, 1)
    assert scores.event_recall == 1.0 and scores.event_precision == 1.0
    assert scores.pair_precision == 1.0 and scores.pair_recall == 0.5


def test_wrong_root_wrong_sentence_or_stranger_is_no_match() -> None:
    for wrong in (predicted(root="04"), predicted(start=70), predicted(names=("iran",))):
        scores = score([gold()], [wrong])
        assert scores.matched_gold == 0 and scores.event_precision == 0.0


def test_a_repeated_prediction_counts_once_and_its_copy_is_false() -> None:
    scores = score([gold()], [predicted(), predicted(start=20)])
    assert scores.matched_predicted == 1 and scores.event_precision == 0.5
    assert scores.right_predicted_pairs == 2  # each pair is still right


def test_modality_agreement_exact_and_collapsed() -> None:
    scores = score([gold(modality="reported")], [predicted(modality="planned")])
    assert scores.modality_exact == 0 and scores.modality_collapsed == 1


def test_actor_country_share_counts_participants() -> None:
    scores = score([gold()], [predicted(names=("straw", "syria"), with_country=False), predicted(start=130)])
    assert scores.participants == 3 and scores.participants_with_country == 1


def test_an_organisation_matches_without_its_generic_suffix() -> None:
    assert names_match("labour party", {"labour"})
    assert names_match("abc inc", {"abc"})
    assert not names_match("labour party", {"conservative party"})
