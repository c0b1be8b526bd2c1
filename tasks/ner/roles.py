"""Stated roles: a title right before a person, and the affiliation named before the title."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from tasks.ner.candidate import POSSESSIVES
from tasks.ner.data import lexicons


def find_roles(doc: Doc, mentions: list[dict]) -> list[dict]:
    """Titles stated right before a person ("US Secretary of Commerce Gina Raimondo"), with the
    affiliation named just before the title ("Japan's", "US") when there is one."""
    lex = lexicons()
    words = lex.title_words
    by_end_char = {m["end_char"]: m for m in mentions}
    token_at = {token.idx: token.i for token in doc}
    rows = []
    for mention in mentions:
        if mention["entity_type"] != "PERSON" or mention["start_char"] not in token_at:
            continue
        first = token_at[mention["start_char"]]
        i = first - 1
        title_start = first
        has_head = False
        while i >= 0 and (doc[i].lower_ in words or doc[i].lower_ in {"of", "and", ","}):
            if doc[i].lower_ in words:
                title_start = i
                has_head = has_head or doc[i].lower_ in lex.title_heads
            i -= 1
        if not has_head:
            continue
        title = doc[title_start:first].text.strip(" ,")
        affiliation = None
        before = title_start - 1
        if before >= 0 and doc[before].text in POSSESSIVES:
            before -= 1
        if before >= 0:
            affiliation = by_end_char.get(doc[before].idx + len(doc[before].text))
        if affiliation is not None and affiliation["entity_type"] == "PERSON":
            affiliation = None
        rows.append({
            "person_start_char": mention["start_char"], "person_end_char": mention["end_char"],
            "title": _title_case_title(title),
            "affiliation_start_char": affiliation["start_char"] if affiliation else None,
            "affiliation_end_char": affiliation["end_char"] if affiliation else None,
            "affiliation_text": affiliation["surface"] if affiliation else None,
        })
    return rows


def _title_case_title(title: str) -> str:
    return re.sub(r"\s+", " ", title)
