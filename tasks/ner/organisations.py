"""Organisation cues: context no person takes ("shares in X", "X boss", "the X say")."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.gazetteer import is_country_name
from tasks.ner.candidate import POSSESSIVES, Candidate, reads_as_person, reads_as_place
from tasks.ner.data import lexicons


def has_org_cue(doc: Doc, candidate: Candidate, *, place_reading: bool = False) -> bool:
    """Context no person takes: "shares in X", "oil giant X", "X boss", "X's chief executive",
    "the X say" (entity_org_cues.csv). Looks at a few tokens either side only. For a name read
    as a place, cues places take too ("at X", "the X": entity_place_cues.txt) do not count."""
    lex = lexicons()
    cues = lex.org_cues
    before = tuple(t.lower_ for t in doc[max(0, candidate.start - 2):candidate.start])
    if any(before[-len(cue):] == cue for cue in cues.get("before", ())
           if len(cue) <= len(before) and not (place_reading and cue in lex.place_cues)):
        return True
    if _has_cue_after(doc, candidate):
        return True
    if place_reading:
        return False
    possessive = candidate.end < len(doc) and doc[candidate.end].text in POSSESSIVES
    article = doc[candidate.start - 1] if candidate.start > 0 else None
    # Lower case, or "The" opening a sentence: a capital "A" is as often an initial
    # ("A Foley and J O'Connor start").
    is_article = article is not None and (article.text.islower() or (
        article.is_sent_start and article.text == "The")) \
        and (article.lower_,) in cues.get("determiner", ())
    if is_article and not possessive:
        following = doc[candidate.end] if candidate.end < len(doc) else None
        # "the Clinton administration": the name modifies a noun, the article is the noun's.
        modifies_noun = following is not None and following.pos_ in {"NOUN", "PROPN"}
        return not modifies_noun
    return False


def _has_cue_after(doc: Doc, candidate: Candidate) -> bool:
    """"X boss", "X striker", "X's chief executive": the words right after the name."""
    cues = lexicons().org_cues
    after_start = candidate.end
    possessive = after_start < len(doc) and doc[after_start].text in POSSESSIVES
    if possessive:
        after_start += 1
    after = tuple(t.lower_ for t in doc[after_start:after_start + 2])
    side = "after_possessive" if possessive else "after"
    return any(after[:len(cue)] == cue for cue in cues.get(side, ()))


def apply_org_cues(doc: Doc, candidates: list[Candidate], team_sport: bool) -> None:
    """A PERSON reading with organisation context becomes ORG; the doc vote then carries it
    to the name's other mentions. In team-sport copy a town read as a place is the club when
    the words after it say so ("Newcastle boss", "Liverpool striker"); a country stays a
    place (its national side), and the cues before a name ("at X") say nothing of places."""
    for candidate in candidates:
        if candidate.pinned_type is not None or candidate.fixed_type == "PERSON":
            continue
        club_cue = team_sport and candidate.fixed_type is None and reads_as_place(candidate) \
            and not is_country_name(doc[candidate.start:candidate.end].text) \
            and _has_cue_after(doc, candidate)
        if club_cue or (reads_as_person(candidate) and has_org_cue(doc, candidate)):
            candidate.fixed_type = "ORG"
