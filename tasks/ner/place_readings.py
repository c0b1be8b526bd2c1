"""A place reading of a name no place data knows, overturned by the context: organisation cues
("shares in Yugansk", "Italian airline Alitalia"), a person's initial or honorific ("D Hickie",
"Mr Mukerjee"), or a list whose other names are all people ("Jones, Hiley, Sawyer"); and no
name at all when it is a common word ("midfield", a headline's "Broadband" the body writes
"broadband"). Names the place data knows (`tasks.place_evidence`) keep the model's reading:
the data is evidence for them."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.ner.candidate import Candidate, reads_as_person, reads_as_place
from tasks.ner.data import lexicons
from tasks.ner.doc_cache import token_strings
from tasks.ner.organisations import has_org_cue
from tasks.place_evidence import is_known_place

# Tokens between two names of one list: "Jones, Hiley", "Hiley and Sawyer".
LIST_SEPARATORS = frozenset({",", "and", "&", ";"})
# Names a list needs to be read as a team sheet: two names and a comma are as often a place
# and a speaker ("passengers to Batajnica, Acimovic said") or a dateline ("AL-RAM, West Bank").
MIN_LIST_NAMES = 3


def apply_unknown_place_evidence(doc: Doc, candidates: list[Candidate]) -> None:
    """Set the type of place readings of unknown names that the context shows to be an
    organisation or a person; rules that already settled a name stand."""
    ordered = sorted(candidates, key=lambda c: c.start)
    known = [is_known_place(doc[c.start:c.end].text) for c in ordered]
    people_lists = _lists_of_people(doc, ordered, known)
    for index, candidate in enumerate(ordered):
        if candidate.fixed_type is not None or candidate.pinned_type is not None \
                or not reads_as_place(candidate) or known[index]:
            continue
        if has_org_cue(doc, candidate, place_reading=True):
            candidate.fixed_type = "ORG"
        elif _has_initial(doc[candidate.start:candidate.end].text) or index in people_lists \
                or _after_honorific(doc, candidate):
            candidate.fixed_type = "PERSON"


def drop_common_word_readings(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates less the place readings of names no place data knows that are common
    words, no name at all: written in lower case ("midfield", "ballboy"), or one capitalised
    word the same article writes in lower case ("Broadband" in a headline, "broadband" in the
    body). A rule that settled the span's type stands."""
    written_lower: set[str] | None = None
    kept = []
    for candidate in candidates:
        text = doc[candidate.start:candidate.end].text
        if candidate.fixed_type is None and candidate.pinned_type is None \
                and reads_as_place(candidate) and (text.islower() or " " not in text):
            if written_lower is None:
                written_lower = {word for word in token_strings(doc)[0] if word.islower()}
            if (text.islower() or text.lower() in written_lower) and not is_known_place(text):
                continue
        kept.append(candidate)
    return kept


def _after_honorific(doc: Doc, candidate: Candidate) -> bool:
    """"Mr Mukerjee", "Dr Katwala": a capitalised honorific right before the name (span
    repair trims it from the model's span, `tasks.ner.spans`)."""
    before = doc[candidate.start - 1] if candidate.start > 0 else None
    return before is not None and before.text[:1].isupper() \
        and before.lower_ in lexicons().honorifics


def _has_initial(text: str) -> bool:
    """"D Hickie", "L. Nitoglia": one capital letter before a capitalised word."""
    words = text.split()
    return len(words) == 2 and len(words[0].rstrip(".")) == 1 and words[0][:1].isupper() \
        and words[1][:1].isupper()


def _lists_of_people(doc: Doc, ordered: list[Candidate], known: list[bool]) -> set[int]:
    """Indexes of the names in lists of three or more ("Murphy, Horgan, D'Arcy, Hickie") that name no known
    place and whose other names, those not read as places, are all read as people (one at
    least): a team sheet, not "Lesotho, Sri Lanka and Bangaldesh"."""
    members: set[int] = set()
    run = [0] if ordered else []
    for index in range(1, len(ordered) + 1):
        if index < len(ordered) and _separated_by_list_words(doc, ordered[index - 1],
                                                             ordered[index]):
            run.append(index)
            continue
        others = [ordered[i] for i in run if not reads_as_place(ordered[i])]
        if len(run) >= MIN_LIST_NAMES and not any(known[i] for i in run) and others \
                and all(reads_as_person(c) for c in others):
            members.update(run)
        run = [index]
    return members


def _separated_by_list_words(doc: Doc, first: Candidate, second: Candidate) -> bool:
    between = doc[first.end:second.start]
    return 0 < len(between) <= 2 and all(t.lower_ in LIST_SEPARATORS for t in between)
