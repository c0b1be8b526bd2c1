"""A mention candidate: a repaired span and the evidence the rules gather for its type.

No rule decides a type here: each records its evidence on the candidate, and
`tasks.ner.resolver` turns the evidence into one type in a declared order."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Token

DASHES = {"-", "--", "–", "—"}


POSSESSIVES = {"'s", "’s", "'", "’"}


SUBJECT_DEPS = {"nsubj", "nsubjpass"}


MAX_NAME_TOKENS = 4


@dataclass
class Candidate:
    """A repaired span (token offsets) with the evidence for its type."""

    start: int
    end: int
    label: str               # spaCy's raw label of the span it came from ("" when added by rule)
    votes: Counter[str] = field(default_factory=Counter)
    fixed_type: str | None = None   # set by a rule that is surer than any vote
    canonical_hint: str | None = None
    pinned_type: str | None = None  # set by the line's layout (dateline, results line): final


def is_name_word(token: Token) -> bool:
    return token.text[:1].isupper() and (token.is_alpha or "." in token.text
                                         or "-" in token.text or "'" in token.text)


def reads_as_place(candidate: Candidate) -> bool:
    top = candidate.votes.most_common(1)
    return bool(top) and top[0][0] in {"GPE", "LOC"}


def reads_as_group(candidate: Candidate) -> bool:
    """The model read a nationality, religion or political group (NORP): an adjective or
    demonym in most uses ("European", "Conservative")."""
    top = candidate.votes.most_common(1)
    return candidate.label == "NORP" or (bool(top) and top[0][0] == "NORP")


def reads_as_person(candidate: Candidate) -> bool:
    if candidate.fixed_type is not None:
        return candidate.fixed_type == "PERSON"
    top = candidate.votes.most_common(1)
    return bool(top) and top[0][0] == "PERSON"
