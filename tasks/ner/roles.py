"""Stated roles: a title right before a person, and the affiliation named before the title;
or a nationality and a descriptor right before a person ("Australian billionaire Rupert
Murdoch", "England fly-half Charlie Hodgson": the descriptor is the title, the nationality
the affiliation)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from tasks.gazetteer import place_gazetteer
from tasks.ner.candidate import POSSESSIVES
from tasks.ner.data import lexicons

# A descriptor is at most this many lower-case nouns and adjectives, a noun last ("tennis star").
DESCRIPTOR_MAX_WORDS = 3
DESCRIPTOR_POS = frozenset({"NOUN", "ADJ"})


def find_roles(doc: Doc, mentions: list[dict]) -> list[dict]:
    """Titles stated right before a person ("US Secretary of Commerce Gina Raimondo"), with the
    affiliation named just before the title ("Japan's", "US") when there is one; else a
    nationality and a descriptor ("Greek sprinter Katerina Thanou")."""
    by_end_char = {m["end_char"]: m for m in mentions}
    token_at = {token.idx: token.i for token in doc}
    rows = []
    for mention in mentions:
        if mention["entity_type"] != "PERSON" or mention["start_char"] not in token_at:
            continue
        first = token_at[mention["start_char"]]
        stated = (_titled(doc, first, by_end_char)
                  or _described_by_nationality(doc, first, by_end_char))
        if stated is None:
            continue
        title, affiliation = stated
        rows.append({
            "person_start_char": mention["start_char"], "person_end_char": mention["end_char"],
            "title": _title_case_title(title),
            "affiliation_start_char": affiliation["start_char"] if affiliation else None,
            "affiliation_end_char": affiliation["end_char"] if affiliation else None,
            "affiliation_text": affiliation["surface"] if affiliation else None,
        })
    return rows


def _titled(doc: Doc, first: int, by_end_char: dict[int, dict]) -> tuple[str, dict | None] | None:
    """(title, affiliation mention or None) when title words with a head end right before the
    token `first` ("Foreign Secretary"); the affiliation is the mention just before them."""
    lex = lexicons()
    words = lex.title_words
    i = first - 1
    title_start = first
    has_head = False
    while i >= 0 and (doc[i].lower_ in words or doc[i].lower_ in {"of", "and", ","}):
        if doc[i].lower_ in words:
            title_start = i
            has_head = has_head or doc[i].lower_ in lex.title_heads
        i -= 1
    if not has_head:
        return None
    title = doc[title_start:first].text.strip(" ,")
    affiliation = None
    before = title_start - 1
    if before >= 0 and doc[before].text in POSSESSIVES:
        before -= 1
    if before >= 0:
        affiliation = by_end_char.get(doc[before].idx + len(doc[before].text))
    if affiliation is not None and affiliation["entity_type"] == "PERSON":
        affiliation = None
    return title, affiliation


def _described_by_nationality(doc: Doc, first: int,
                              by_end_char: dict[int, dict]) -> tuple[str, dict] | None:
    """(descriptor, nationality mention) when a country's demonym (a NORP mention) and up to
    DESCRIPTOR_MAX_WORDS lower-case nouns or adjectives, a noun last, come right before the
    token `first`: "American tennis star Andy Roddick". A verb or a capitalised word between
    breaks it ("An Iraqi woman told Ms Alexander" states nothing about Alexander)."""
    if first == 0 or doc[first - 1].pos_ != "NOUN":
        return None
    start, words = first, 0
    while start > 0 and words < DESCRIPTOR_MAX_WORDS:
        if _joins_a_compound(doc, start - 1):         # "fly-half": the hyphen is no word
            start -= 1
            continue
        if not (doc[start - 1].is_lower and doc[start - 1].is_alpha
                and doc[start - 1].pos_ in DESCRIPTOR_POS):
            break
        start, words = start - 1, words + 1
        nationality = by_end_char.get(doc[start - 1].idx + len(doc[start - 1].text)) if start else None
        if nationality is not None and _states_a_country(doc, nationality):
            return doc[start:first].text, nationality
    return None


def _joins_a_compound(doc: Doc, i: int) -> bool:
    """Token i is a hyphen written between two lower-case words ("fly-half")."""
    return (doc[i].text == "-" and 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and doc[i - 1].is_lower and doc[i + 1].is_lower)


def _states_a_country(doc: Doc, mention: dict) -> bool:
    """A country's demonym (NORP: "American"), or a country's or nation's name (GPE:
    "England fly-half", "Wales coach") not read as a place by a word before it ("in England
    last week")."""
    gazetteer = place_gazetteer()
    name = mention["surface"].lower()
    if mention["entity_type"] == "NORP":
        return name in gazetteer.country_code_of_demonym
    if mention["entity_type"] != "GPE" or (name not in gazetteer.country_code_of_country
                                           and name not in gazetteer.country_code_of_nation):
        return False
    span = doc.char_span(mention["start_char"], mention["end_char"], alignment_mode="expand")
    return span is None or span.start == 0 or (
        doc[span.start - 1].lower_ not in lexicons().location_prepositions)


def _title_case_title(title: str) -> str:
    return re.sub(r"\s+", " ", title)
