"""Layout evidence: results-line sides are organisations (clubs), dateline names are places."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.gazetteer import is_country_name
from tasks.ner.candidate import Candidate
from tasks.ner.doc_cache import is_caps_line_token
from tasks.ner.lines import Layout
from tasks.ner.reference import rule_type
from tasks.ner.spans import cut_descriptors


def apply_layout(doc: Doc, candidates: list[Candidate], layout: Layout) -> list[Candidate]:
    """Results-line sides become ORG candidates (countries stay places: national sides are
    reported as the country); every place in a dateline is a place."""
    kept = candidates
    for start_char, end_char in layout.team_spans:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or not span.text[:1].isupper():
            continue
        start, end, _ = cut_descriptors(doc, span.start, span.end)
        if start >= end:
            continue
        kept = [c for c in kept if c.end <= start or c.start >= end]
        pinned = None if is_country_name(doc[start:end].text) else "ORG"
        kept.append(Candidate(start, end, "", pinned_type=pinned))
    for start_char, end_char in layout.dateline_spans:
        for candidate in kept:
            span = doc[candidate.start:candidate.end]
            if start_char <= span.start_char and span.end_char <= end_char and \
                    rule_type(span.text) not in {"ORG", "NORP"}:
                candidate.pinned_type = "GPE"
    return kept


def add_dateline_places(doc: Doc, candidates: list[Candidate], covered: list[bool],
                         caps_lines: set[int]) -> None:
    """"LONDON 1996-08-30": an upper-case line of a place and a date is a dateline."""
    line_start = 0
    for i, token in enumerate(doc):
        if i == line_start and is_caps_line_token(token, caps_lines):
            end = i
            while end < len(doc) and doc[end].is_alpha and doc[end].text.isupper() and \
                    "\n" not in doc[end].text_with_ws:
                end += 1
            follows_date = end < len(doc) and (doc[end].like_num or doc[end].ent_type_ == "DATE"
                                               or any(ch.isdigit() for ch in doc[end].text))
            if follows_date and end > i and not any(covered[i:end]):
                candidates.append(Candidate(i, end, "", fixed_type="GPE"))
                for j in range(i, end):
                    covered[j] = True
        if "\n" in token.text_with_ws or (token.is_space and "\n" in token.text):
            line_start = i + 1
