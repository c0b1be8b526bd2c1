"""Sports copy: which docs are sports or team-sport copy, club names, and the places and
one-word names that play as sides (clubs, so organisations)."""

from __future__ import annotations

from spacy.tokens import Doc

from tasks.gazetteer import is_country_name
from tasks.ner.candidate import SUBJECT_DEPS, Candidate, is_name_word
from tasks.ner.data import lexicons
from tasks.ner.doc_cache import doc_text, lower_words
from tasks.ner.lines import TEAM_SCORE, Layout

# Results-line teams ("Chicago 5 Boston 3") are clubs named by their home place.
TEAM_RULE_ENABLED = True


# Distinct match-report words (entity_team_sport_words.txt) that make a doc team-sport copy:
# two keep nearly every business/politics story out (16 of 1,548 BBC ones) and take in most
# football, rugby and cricket reports; one word ("cup", "fans", "goal") is everyday English.
TEAM_SPORT_MIN_WORDS = 2


RESULT_VERB_KINDS = {"result_verb", "side_verb"}


def is_team_sport_doc(doc: Doc) -> bool:
    """Match-report vocabulary ("striker", "Premiership", "wickets"): news copy of a team sport,
    where clubs are named by places and by single words the model reads as people."""
    return len(lower_words(doc) & lexicons().team_sport_words) >= TEAM_SPORT_MIN_WORDS


def is_sports_doc(doc: Doc, layout: Layout) -> bool:
    """Results lines, a headline whose section word is a sport ("CRICKET - ..."), or
    match-report vocabulary (BBC copy has no section word)."""
    if layout.is_sports or is_team_sport_doc(doc):
        return True
    first_line = doc_text(doc).split("\n", 1)[0]
    section = first_line.split(" - ", 1)[0].strip().lower() if " - " in first_line else ""
    return lexicons().sports_words.get(section) == "sport"


def sports_sides(doc: Doc, candidates: list[Candidate], types: dict[int, str]) -> set[str]:
    """In sports copy, a town or region that beats, draws, leads... or that is played
    "against" is a club: "Leicestershire beat Somerset by an innings". In team-sport copy so
    is a single word the model read as a person when it beats/draws/hosts or is played
    against ("Everton beat Bolton", "v Everton") and is no one's name in the doc (a player
    is named in full first: "Rooney" after "Wayne Rooney" stays a person; players score
    and win, so those verbs do not count for such words)."""
    words = lexicons().sports_words
    team_sport = is_team_sport_doc(doc)
    surnames = {doc[c.end - 1].lower_ for i, c in enumerate(candidates)
                if types[i] == "PERSON" and c.end - c.start > 1}
    sides: set[str] = set()
    for index, candidate in enumerate(candidates):
        span = doc[candidate.start:candidate.end]
        person_like = types[index] == "PERSON" and team_sport and len(span) == 1 and \
            candidate.canonical_hint is None and candidate.fixed_type != "PERSON" and \
            span.text.lower() not in surnames
        if (types[index] not in {"GPE", "LOC"} and not person_like) or candidate.pinned_type:
            continue
        if is_country_name(span.text):
            continue
        verb_kinds = {"side_verb"} if person_like else RESULT_VERB_KINDS
        root = span.root
        head = root
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        governor = head.head
        # The small model often parses the side after the verb "beat Everton 2-1" as npadvmod.
        object_deps = {"dobj", "npadvmod"} if person_like else {"dobj"}
        is_side = (head.dep_ in SUBJECT_DEPS | object_deps
                   and words.get(governor.lower_) in verb_kinds) or \
                  (head.dep_ == "pobj" and words.get(governor.lower_) == "result_preposition")
        if is_side:
            sides.add(span.text.lower())
    return sides


def _club_kind(doc: Doc, candidate: Candidate) -> str | None:
    """"Manchester United", "Bolton Wanderers": capitalised words ending in a club word
    (entity_club_suffixes.csv) -> that word's kind. "United States" ends otherwise."""
    span = doc[candidate.start:candidate.end]
    if len(span) < 2 or not all(is_name_word(token) for token in span):
        return None
    return lexicons().club_suffixes.get(span[-1].lower_)


def apply_club_names(doc: Doc, candidates: list[Candidate], team_sport: bool) -> None:
    """Club names are ORG whatever the model read ("Manchester United" is mostly PERSON to it,
    "Manchester City" GPE): always for club-only last words, in team-sport copy for the ones
    places share ("City", "Town"), unless the doc puts the name after "in" ("in Cape Town").
    The last word alone ("United") is then the one club of the doc that ends with it."""
    texts = [doc[c.start:c.end].text for c in candidates]
    in_place = {text.lower() for c, text in zip(candidates, texts, strict=True)
                if doc[c.start:c.end].root.dep_ == "pobj" and
                doc[c.start:c.end].root.head.lower_ == "in"}
    clubs_by_last_word: dict[str, set[str]] = {}
    for candidate, text in zip(candidates, texts, strict=True):
        kind = _club_kind(doc, candidate)
        is_club = kind == "club" or (kind == "club_in_sport" and team_sport
                                     and text.lower() not in in_place)
        if is_club and candidate.pinned_type is None and not is_country_name(text):
            candidate.fixed_type = "ORG"
            clubs_by_last_word.setdefault(text.split()[-1].lower(), set()).add(text)
    for candidate, text in zip(candidates, texts, strict=True):
        clubs = clubs_by_last_word.get(text.lower(), set())
        if len(clubs) == 1 and candidate.pinned_type is None and text[:1].isupper():
            candidate.canonical_hint = next(iter(clubs))
            candidate.fixed_type = "ORG"


def is_team(doc: Doc, candidate: Candidate) -> bool:
    """A town or region that plays: "Chicago 5 Boston 3" or "Essex beat Kent by 4-2".
    Sports copy names clubs by their home place; countries stay places (national sides are
    reported as the country)."""
    span = doc[candidate.start:candidate.end]
    if is_country_name(span.text):
        return False
    following = doc[candidate.end] if candidate.end < len(doc) else None
    if following is None or not following.is_digit or len(following.text) > 2:
        return False
    # A results line names two sides, each with its score: "Chicago 5 Boston 3".
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return len(TEAM_SCORE.findall(line)) >= 2
