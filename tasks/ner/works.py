"""Prizes and works are not people or organisations: "won an Oscar", "the Turner Prize", "the
film Ray", "her album Confessions". Names and cue words in `tasks/data/entity_name_kinds.csv`,
`entity_award_words.txt` and `entity_work_cues.txt`."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.ner.candidate import Candidate, is_name_word
from tasks.ner.data import lexicons

WORK_TYPE = "WORK_OF_ART"
# Kinds of entity_name_kinds.csv that are no named entity at all: such a span is dropped.
NOT_NAME_KINDS = frozenset({"timezone", "unit", "currency"})


def is_not_a_name(text: str) -> bool:
    """"GMT", "MW", "Euro": a time zone, unit or currency the model took for a name."""
    return lexicons().name_kinds.get(text.lower()) in NOT_NAME_KINDS


def apply_work_types(doc: Doc, candidates: list[Candidate]) -> None:
    """A prize's name, or a name right after a work noun, is a work whatever the model read;
    a rule that already settled the name (a title before a person, a club word) stands."""
    lex = lexicons()
    for candidate in candidates:
        if candidate.fixed_type is not None or candidate.pinned_type is not None:
            continue
        span = doc[candidate.start:candidate.end]
        is_award = lex.name_kinds.get(span.text.lower()) == "award" or (
            len(span) > 1 and all(is_name_word(t) for t in span)
            and span[-1].lower_ in lex.award_words)
        before = doc[candidate.start - 1] if candidate.start > 0 else None
        # The cue is a noun: "the play Jerusalem", not "will play Andre".
        after_cue = before is not None and before.text.islower() and \
            before.text in lex.work_cues and before.pos_ == "NOUN"
        if is_award or after_cue:
            candidate.fixed_type = WORK_TYPE
