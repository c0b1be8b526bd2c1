"""Reference-data evidence: names whose type the gazetteer or a suffix lexicon settles, and
capitals that act for their country."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.gazetteer import is_country_name, place_gazetteer
from tasks.ner.candidate import SUBJECT_DEPS, Candidate
from tasks.ner.data import lexicons


def rule_type(text: str) -> str | None:
    """Types that reference data or suffix lexicons settle regardless of the model."""
    lex = lexicons()
    gazetteer = place_gazetteer()
    lower = text.lower()
    if lower in lex.news_organisations:
        return "ORG"
    if is_country_name(text):
        return "GPE"
    if lower in gazetteer.country_code_of_demonym:
        return "NORP"
    last_word = lower.split()[-1] if lower.split() else ""
    if len(lower.split()) > 1 and last_word in lex.org_suffixes:
        return "ORG"
    return None


def metonymic_country(doc: Doc, candidate: Candidate) -> str | None:
    """A capital that is the subject of a verb ("Washington and Tokyo reduce...") stands for
    its country's government; elsewhere ("met in Washington") it is the city."""
    span = doc[candidate.start:candidate.end]
    code = place_gazetteer().country_code_of_capital.get(span.text.lower())
    if not code:
        return None
    head = span.root
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    if head.dep_ in SUBJECT_DEPS:
        return place_gazetteer().country_name_of_code.get(code)
    return None
