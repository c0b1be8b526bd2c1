"""Recall: further mentions of the names a doc already uses (repeated surnames, names in
ALL-CAPS lines) and of countries and demonyms, in tokens no span covers."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.gazetteer import PlaceGazetteer, place_gazetteer
from tasks.ner.candidate import MAX_NAME_TOKENS, Candidate
from tasks.ner.doc_cache import is_caps_line_token, token_strings
from tasks.ner.layout import add_dateline_places


def add_uncovered_matches(doc: Doc, candidates: list[Candidate], caps_lines: set[int]) -> None:
    """Find further mentions of names the doc already uses (and country/demonym names) in
    tokens no span covers: repeated surnames, and names in ALL-CAPS lines."""
    covered = [False] * len(doc)
    for candidate in candidates:
        for i in range(candidate.start, candidate.end):
            covered[i] = True
    known = _known_names(doc, candidates, caps_lines)
    i = 0
    while i < len(doc):
        matched = _match_at(doc, i, covered, known, caps_lines)
        if matched:
            candidates.append(Candidate(i, i + matched, ""))
            for j in range(i, i + matched):
                covered[j] = True
            i += matched
        else:
            i += 1
    if caps_lines:
        add_dateline_places(doc, candidates, covered, caps_lines)


def _known_names(doc: Doc, candidates: list[Candidate], caps_lines: set[int]) -> set[tuple[str, ...]]:
    """Lower-cased word tuples of the names the doc uses outside ALL-CAPS lines, and the
    surnames of its people's full names."""
    known: set[tuple[str, ...]] = set()
    for candidate in candidates:
        words = tuple(t.lower_ for t in doc[candidate.start:candidate.end])
        if not is_caps_line_token(doc[candidate.start], caps_lines):
            known.add(words)
            if len(words) > 1 and (candidate.votes.most_common(1)[:1] == [("PERSON", 1)]
                                   or candidate.fixed_type == "PERSON"):
                known.add(words[-1:])
    return known


def _match_at(doc: Doc, i: int, covered: list[bool], known: set[tuple[str, ...]],
              caps_lines: set[int]) -> int:
    """How many tokens from `i` (no span covers them) a known name, or in an ALL-CAPS line a
    country, demonym or capital, takes up; 0 when none."""
    # Token strings as lists (no Token object per look): this loop looks at every word.
    texts, lowers, spaces = token_strings(doc)
    if covered[i] or not texts[i][:1].isupper():
        return 0
    in_caps = is_caps_line_token(doc[i], caps_lines)
    gazetteer = place_gazetteer()
    for length in range(MAX_NAME_TOKENS, 0, -1):
        if i + length > len(doc) or any(covered[i:i + length]):
            continue
        if any("\n" in texts[j] for j in range(i, i + length)):
            continue
        words = tuple(lowers[i:i + length])
        if words in known or (in_caps and _is_place_name(
                "".join(texts[j] + spaces[j] for j in range(i, i + length - 1)).lower()
                + lowers[i + length - 1], gazetteer)):
            if length == 1 and not in_caps and doc[i].pos_ not in {"PROPN"}:
                continue
            return length
    return 0


def _is_place_name(text: str, gazetteer: PlaceGazetteer) -> bool:
    return (text in gazetteer.country_code_of_country or text in gazetteer.country_code_of_demonym
            or text in gazetteer.country_code_of_capital)
