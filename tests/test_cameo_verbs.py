"""The CAMEO verb dictionary of PETRARCH2 read as a lookup (tasks.cameo_verbs)."""

from __future__ import annotations

import time

from tasks.cameo_verbs import code_verb, verb_dictionary


def test_the_dictionary_holds_its_verbs_with_their_codes() -> None:
    started = time.perf_counter()
    verbs = verb_dictionary.__wrapped__()
    print(f"parsed {len(verbs)} verbs in {time.perf_counter() - started:.2f} s")
    assert len(verbs) > 1500
    assert verbs["accuse"].code == "112"
    assert verbs["arrest"].code == "173"


def test_a_block_code_goes_to_its_head_verb_and_to_curated_members_only_when_specific() -> None:
    verbs = verb_dictionary()
    assert verbs["ban"].code == "172"  # a member the block's patterns were written for
    assert verbs["come"].code is None  # marked [---] in the dictionary
    assert verbs["dominate"].code is None  # a synonym in a block with the generic 190


def test_the_largest_pattern_that_fits_the_words_after_the_verb_wins() -> None:
    sign = verb_dictionary()["sign"]
    assert code_verb(sign, [], ["a", "peace", "deal", "with", "the", "rebels"]) == ("057", 2)
    accuse = verb_dictionary()["accuse"]
    assert code_verb(accuse, [], ["the", "army", "of", "torture"])[0] == "1122"
    assert code_verb(accuse, [], ["the", "army", "of", "nothing"]) == ("112", 0)


def test_a_preposition_alone_is_no_pattern() -> None:
    for entry in verb_dictionary().values():
        for pattern in entry.patterns:
            assert any(not slot <= {"to", "for", "with", "from", "on", "in", "at", "by", "of"}
                       for slot in pattern.before + pattern.after)
