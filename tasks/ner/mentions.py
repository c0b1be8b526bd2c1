"""One row per entity mention of a parsed Doc: the rule passes of `tasks.ner` in their order,
then one type per mention from `tasks.ner.resolver`."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc

from tasks.gazetteer import is_country_name
from tasks.ner.candidate import Candidate
from tasks.ner.doc_cache import caps_line_numbers, doc_text
from tasks.ner.layout import apply_layout
from tasks.ner.lines import line_layout
from tasks.ner.names import link_names
from tasks.ner.organisations import apply_org_cues
from tasks.ner.place_readings import apply_unknown_place_evidence, drop_common_word_readings
from tasks.ner.recall import add_uncovered_matches
from tasks.ner.reference import metonymic_country, rule_type
from tasks.ner.resolver import PLACE_TYPES, TypeEvidence, resolve_type
from tasks.ner.spans import drop_overlaps, spacy_candidates, split_run_ons
from tasks.ner.sports import (
    TEAM_RULE_ENABLED,
    apply_club_names,
    is_sports_doc,
    is_team,
    is_team_sport_doc,
    sports_sides,
)
from tasks.ner.works import apply_work_types


def find_mentions(doc: Doc) -> list[dict]:
    """One row per entity mention: sentence_index, start_char, end_char, surface, label,
    entity_type, canonical_hint. Offsets index into doc.text."""
    caps_lines = caps_line_numbers(doc)
    layout = line_layout(doc_text(doc))
    candidates = spacy_candidates(doc, caps_lines)
    candidates = apply_layout(doc, candidates, layout)
    add_uncovered_matches(doc, candidates, caps_lines)
    candidates = split_run_ons(doc, drop_overlaps(candidates))
    team_sport = is_team_sport_doc(doc)
    apply_org_cues(doc, candidates, team_sport)
    apply_work_types(doc, candidates)
    apply_club_names(doc, candidates, team_sport)
    candidates = drop_common_word_readings(doc, candidates)
    apply_unknown_place_evidence(doc, candidates)
    link_names(doc, candidates)
    evidence = _doc_evidence(doc, candidates)
    if is_sports_doc(doc, layout):
        # A name that plays as a side anywhere in the doc is the club everywhere in it.
        types = {index: resolve_type(ev) for index, ev in enumerate(evidence)}
        clubs = sports_sides(doc, candidates, types) | {
            doc[c.start:c.end].text.lower() for c in candidates if c.pinned_type == "ORG"}
        evidence = [_with_sports_side(doc, candidate, ev, clubs)
                    for candidate, ev in zip(candidates, evidence, strict=True)]
    sentence_starts = [sent.start for sent in doc.sents]
    rows = []
    for candidate, ev in zip(candidates, evidence, strict=True):
        span = doc[candidate.start:candidate.end]
        hint = candidate.canonical_hint
        metonym = metonymic_country(doc, candidate) if hint is None else None
        ev = replace(ev, layout=candidate.pinned_type,
                     results_line_place=TEAM_RULE_ENABLED and hint is None and metonym is None
                     and is_team(doc, candidate))
        entity_type = resolve_type(ev)
        if entity_type in PLACE_TYPES and hint is None:
            hint = metonym
        rows.append({
            "sentence_index": _sentence_index(sentence_starts, candidate.start),
            "start_char": span.start_char, "end_char": span.end_char, "surface": span.text,
            "label": candidate.label or entity_type, "entity_type": entity_type,
            "canonical_hint": hint,
        })
    return sorted(rows, key=lambda row: row["start_char"])


def _with_sports_side(doc: Doc, candidate: Candidate, evidence: TypeEvidence,
                      clubs: set[str]) -> TypeEvidence:
    text = doc[candidate.start:candidate.end].text
    if text.lower() not in clubs or is_country_name(text):
        return evidence
    return replace(evidence, sports_side=True)


def _doc_evidence(doc: Doc, candidates: list[Candidate]) -> list[TypeEvidence]:
    """Each mention's own evidence and its name's evidence across the doc (the name is the
    canonical hint when a rule set one, else the span's text)."""
    key_of = [(c.canonical_hint or doc[c.start:c.end].text).lower() for c in candidates]
    own_rule = [rule_type(doc[c.start:c.end].text) for c in candidates]
    votes: dict[str, Counter[str]] = {}
    fixed: dict[str, str] = {}
    for candidate, key, rule in zip(candidates, key_of, own_rule, strict=True):
        votes.setdefault(key, Counter()).update(candidate.votes)
        if (rule or candidate.fixed_type) and key not in fixed:
            fixed[key] = rule or candidate.fixed_type
    return [TypeEvidence(model_label=candidate.label, reference=rule, doc_rule=fixed.get(key),
                         doc_vote=votes[key].most_common(1)[0][0] if votes[key] else None)
            for candidate, key, rule in zip(candidates, key_of, own_rule, strict=True)]


def _sentence_index(sentence_starts: list[int], token_index: int) -> int:
    index = 0
    for i, start in enumerate(sentence_starts):
        if start <= token_index:
            index = i
    return index
