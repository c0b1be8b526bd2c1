"""Entity mentions and roles from one parsed spaCy Doc.

spaCy's spans are the starting point; rules then repair them:
- span repair: drop leading "the", trailing possessives/numbers, split spans that run across a
  " - " separator or a line break, strip titles and honorifics off people;
- casing: ALL-CAPS lines (wire headlines, datelines) are re-read against the names the body
  uses and against country/demonym reference data, because the model mis-tags upper case;
- typing: organisation suffixes and news organisations (data files), countries and demonyms
  (reference data), surname -> full name, acronym and short form -> long form, then one vote
  per entity across its mentions in the document;
- capitals that act ("Washington and Tokyo reduce...") stand for their country.
Word lists live in tasks/data/entity_*.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.attrs import IDX, IS_ALPHA, IS_UPPER, LENGTH, LOWER, ORTH, SPACY
from spacy.tokens import Doc, Token

from tasks.entities import PlaceGazetteer, club_suffix_kinds, is_country_name, place_gazetteer

DATA_DIR = Path(__file__).resolve().parent / "data"
KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW",
               "WORK_OF_ART", "LANGUAGE"}
DASHES = {"-", "--", "–", "—"}
POSSESSIVES = {"'s", "’s", "'", "’"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
MAX_NAME_TOKENS = 4
# Results-line teams ("Chicago 5 Boston 3") are clubs named by their home place.
TEAM_RULE_ENABLED = True
# Distinct match-report words (entity_team_sport_words.txt) that make a doc team-sport copy:
# two keep nearly every business/politics story out (16 of 1,548 BBC ones) and take in most
# football, rugby and cricket reports; one word ("cup", "fans", "goal") is everyday English.
TEAM_SPORT_MIN_WORDS = 2
RESULT_VERB_KINDS = {"result_verb", "side_verb"}


@dataclass(frozen=True)
class Lexicons:
    title_heads: frozenset[str]
    title_modifiers: frozenset[str]
    portfolios: frozenset[str]
    honorifics: frozenset[str]
    royal_titles: frozenset[str]            # "Prince": part of the name that follows
    org_suffixes: frozenset[str]
    news_organisations: frozenset[str]
    sports_words: dict[str, str]            # word -> kind (sport/table/result_verb/...)
    descriptor_tails: tuple[tuple[str, ...], ...]
    org_cues: dict[str, frozenset[tuple[str, ...]]]   # side -> word tuples (entity_org_cues)
    club_suffixes: dict[str, str]           # last word -> club / club_in_sport
    team_sport_words: frozenset[str]        # match-report vocabulary

    @property
    def title_words(self) -> frozenset[str]:
        return self.title_heads | self.title_modifiers | self.portfolios


def _lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    with (DATA_DIR / "entity_title_words.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def kind(name: str) -> frozenset[str]:
        return frozenset(row["word"] for row in rows if row["kind"] == name)

    return Lexicons(
        title_heads=kind("head"), title_modifiers=kind("modifier"), portfolios=kind("portfolio"),
        honorifics=kind("honorific"), royal_titles=kind("royal"),
        org_suffixes=frozenset(_lines("entity_org_suffixes.txt")),
        news_organisations=frozenset(name.lower() for name in _lines(
            "entity_news_organisations.txt")),
        sports_words=_sports_words(),
        descriptor_tails=tuple(tuple(line.split()) for line in _lines(
            "entity_descriptor_tails.txt")),
        org_cues=_org_cues(),
        club_suffixes=club_suffix_kinds(),
        team_sport_words=frozenset(_lines("entity_team_sport_words.txt")),
    )


def _org_cues() -> dict[str, frozenset[tuple[str, ...]]]:
    rows = [line.split(",", 1) for line in _lines("entity_org_cues.csv")[1:]]
    sides = {side for side, _ in rows}
    return {side: frozenset(tuple(phrase.split()) for s, phrase in rows if s == side)
            for side in sides}


def _sports_words() -> dict[str, str]:
    lines = [line for line in _lines("entity_sports_words.csv")[1:]]
    return dict(line.rsplit(",", 1) for line in lines)


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


# ---------------------------------------------------------------- token helpers

def _is_caps_line_token(token: Token, caps_lines: set[int]) -> bool:
    return _line_of(token) in caps_lines


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "newsflow.text"


def _line_of(token: Token) -> int:
    """0-based line of a token."""
    return _line_at(token.doc, token.idx)


def _line_at(doc: Doc, char_offset: int) -> int:
    """0-based line of a character offset. Newline offsets are found once per Doc and kept in
    its user_data: `doc.text` is rebuilt from the tokens on every access, so counting in it per
    token made this the costliest rule (9 % of parse time)."""
    return bisect.bisect_left(_newline_offsets(doc), char_offset)


def _newline_offsets(doc: Doc) -> list[int]:
    newlines = doc.user_data.get(_NEWLINES_KEY)
    if newlines is None:
        newlines = [match.start() for match in re.finditer("\n", doc_text(doc))]
        doc.user_data[_NEWLINES_KEY] = newlines
    return newlines


_NEWLINES_KEY = "newsflow.newline_offsets"


def caps_line_numbers(doc: Doc) -> set[int]:
    """Lines written in upper case (headlines, datelines): most cased words are ALL-CAPS."""
    upper: Counter[int] = Counter()
    cased: Counter[int] = Counter()
    newlines = _newline_offsets(doc)
    line = 0
    # Attributes as arrays: building a Token object per word would cost more than the test.
    for start, is_alpha, length, is_upper in doc.to_array([IDX, IS_ALPHA, LENGTH, IS_UPPER]).tolist():
        while line < len(newlines) and newlines[line] < start:  # tokens come in text order
            line += 1
        if is_alpha and length > 1:
            cased[line] += 1
            upper[line] += is_upper
    return {n for n, count in cased.items() if count and upper[n] / count >= 0.8}


def _is_name_word(token: Token) -> bool:
    return token.text[:1].isupper() and (token.is_alpha or "." in token.text
                                         or "-" in token.text or "'" in token.text)


# ---------------------------------------------------------------- span repair

def _split_pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at " - " separators and line breaks (tables, results lines), and between
    two sides: "Leeds v Saracens", "Newcastle 2-1 Bolton" (a fixture or a score is never
    inside one name)."""
    pieces = []
    piece_start = start
    score_tokens: set[int] = set()
    for i in range(start, end - 2):
        # spaCy splits "2-1" into "2", "-", "1".
        if SCORE.fullmatch(doc[i:i + 3].text):
            score_tokens.update(range(i, i + 3))
    for i in range(start, end):
        token = doc[i]
        breaks_line = "\n" in token.text_with_ws or token.is_space
        # "v", "vs", "versus" (the lower-case result prepositions that abbreviate versus).
        is_versus = token.text.islower() and token.text.startswith("v") and \
            lexicons().sports_words.get(token.text) == "result_preposition"
        is_separator = (token.text in DASHES and (i == start or doc[i - 1].whitespace_)) or \
            is_versus or i in score_tokens
        if is_separator or token.is_space:
            if piece_start < i:
                pieces.append((piece_start, i))
            piece_start = i + 1
        elif breaks_line and i + 1 < end:
            pieces.append((piece_start, i + 1))
            piece_start = i + 1
    if piece_start < end:
        pieces.append((piece_start, end))
    return pieces


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners/punctuation/honorifics and trailing possessives/numbers."""
    honorifics = lexicons().honorifics
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct
                           or doc[start].lower_ in honorifics):
        start += 1
    while end > start and (doc[end - 1].text in POSSESSIVES or (doc[end - 1].is_punct
                           and doc[end - 1].text not in {".", ")"})
                           or any(ch.isdigit() for ch in doc[end - 1].text)
                           or doc[end - 1].is_space):
        end -= 1
    return start, end


def _strip_title(doc: Doc, start: int, end: int) -> tuple[int, int, bool]:
    """If the span is "<title words> <Name>", return the name part and True.

    A title run is lexicon words (Secretary, Minister, Commerce...), "of", "and" and commas;
    the name after it must be 1-4 capitalised words that are not title words."""
    words = lexicons().title_words
    last_title = -1
    for i in range(start, end):
        lower = doc[i].lower_
        if lower in words:
            last_title = i
        elif lower in {"of", "and", ",", "for"} or doc[i].is_punct:
            continue
        elif last_title >= 0 and i > last_title:
            break
    if last_title < start or last_title + 1 >= end:
        return start, end, False
    name = range(last_title + 1, end)
    if len(name) > MAX_NAME_TOKENS or not all(_is_name_word(doc[i]) for i in name):
        return start, end, False
    if doc[end - 1].lower_ in lexicons().org_suffixes:
        return start, end, False
    return last_title + 1, end, True


def _cut_descriptors(doc: Doc, start: int, end: int) -> tuple[int, int, bool]:
    """Drop sports/table words and descriptor tails that are not part of a name:
    "Men" or "W L PCT GB" (table words alone) -> nothing; "Major League Results" ->
    "Major League"; "Interfax news agency" -> "Interfax" (an organisation, says the tail)."""
    lex = lexicons()
    kinds = [lex.sports_words.get(doc[i].lower_) for i in range(start, end)]
    if all(kind in {"sport", "table", "heading"} for kind in kinds):
        return start, start, False
    if " ".join(t.lower_ for t in doc[start:end]) in lex.sports_words:
        return start, start, False
    while end - start > 1 and lex.sports_words.get(doc[end - 1].lower_) == "heading":
        end -= 1
    lowered = tuple(t.lower_ for t in doc[start:end])
    for tail in lex.descriptor_tails:
        if len(lowered) > len(tail) and lowered[-len(tail):] == tail and \
                all(t.islower() for t in (doc[i].text for i in range(end - len(tail), end))):
            return start, end - len(tail), True
    return start, end, False


# ---------------------------------------------------------------- line layout

SCORE = re.compile(r"\d{1,3}-\d{1,3}")
DATELINE = re.compile(r"^(?P<places>[^\n]*?[A-Za-z][^\n]*?)\s+\d{4}-\d{2}-\d{2}\s*$")
_SIDE = r"[A-Z][\w.'&/-]*(?:\s(?:[A-Z][\w.'&/-]*|da|de|do|di|del|van|von|la|le|\d\d?\.?)){0,4}?"
# "Chicago 5 Boston 3": two sides, each with its score (not "6-3" set scores or times).
RESULTS_LINE = re.compile(rf"^(?P<a>{_SIDE})\s(?P<sa>\d{{1,3}})\s+(?P<b>{_SIDE})\s(?P<sb>\d{{1,3}})"
                          r"(?![-.:/\d])")
# "Ajax 4 3 1 0 10 2 10" / "NEW YORK 72 53 .576 -": a standings row (golf scores lead with a
# number, ranked results with "1.", so neither matches).
STANDINGS_ROW = re.compile(rf"^(?P<a>{_SIDE})(?:\s+(?:-?\d*\.?\d+|-)){{4,}}\s*$")
# "1. Gerhard Berger ( Austria ) Benetton 1:53.706": the team after a competitor's country.
RANKED_TEAM = re.compile(r"^\d+\.?\s[^()\n]+\(\s?[A-Z][^()\n]*\)\s(?P<a>[A-Z][\w.'&-]*"
                         r"(?:\s[A-Z][\w.'&-]*){0,2})(?=\s+\d|\s*$)")


@dataclass(frozen=True)
class Layout:
    """Character spans the line layout settles: places in datelines, sides in results lines."""

    dateline_spans: list[tuple[int, int]]
    team_spans: list[tuple[int, int]]

    @property
    def is_sports(self) -> bool:
        return bool(self.team_spans)


def line_layout(text: str) -> Layout:
    datelines: list[tuple[int, int]] = []
    teams: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        dateline = DATELINE.match(line) if len(line) < 80 else None
        if dateline:
            datelines.append((offset, offset + dateline.end("places")))
        for pattern, groups in ((RESULTS_LINE, ("a", "b")), (STANDINGS_ROW, ("a",)),
                                (RANKED_TEAM, ("a",))):
            match = pattern.match(line)
            if match:
                teams.extend((offset + match.start(g), offset + match.end(g)) for g in groups)
                break
        offset += len(line) + 1
    return Layout(datelines, teams)


def _is_team_sport_doc(doc: Doc) -> bool:
    """Match-report vocabulary ("striker", "Premiership", "wickets"): news copy of a team sport,
    where clubs are named by places and by single words the model reads as people."""
    return len(_lower_words(doc) & lexicons().team_sport_words) >= TEAM_SPORT_MIN_WORDS


def _lower_words(doc: Doc) -> set[str]:
    """The doc's distinct lower-cased words, from the LOWER array (no Token objects), once per Doc."""
    words = doc.user_data.get(_LOWER_WORDS_KEY)
    if words is None:
        words = {doc.vocab.strings[key] for key in set(doc.to_array(LOWER).tolist())}
        doc.user_data[_LOWER_WORDS_KEY] = words
    return words


_LOWER_WORDS_KEY = "newsflow.lower_words"


def _is_sports_doc(doc: Doc, layout: Layout) -> bool:
    """Results lines, a headline whose section word is a sport ("CRICKET - ..."), or
    match-report vocabulary (BBC copy has no section word)."""
    if layout.is_sports or _is_team_sport_doc(doc):
        return True
    first_line = doc_text(doc).split("\n", 1)[0]
    section = first_line.split(" - ", 1)[0].strip().lower() if " - " in first_line else ""
    return lexicons().sports_words.get(section) == "sport"


def _apply_layout(doc: Doc, candidates: list[Candidate], layout: Layout) -> list[Candidate]:
    """Results-line sides become ORG candidates (countries stay places: national sides are
    reported as the country); every place in a dateline is a place."""
    kept = candidates
    for start_char, end_char in layout.team_spans:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or not span.text[:1].isupper():
            continue
        start, end, _ = _cut_descriptors(doc, span.start, span.end)
        if start >= end:
            continue
        kept = [c for c in kept if c.end <= start or c.start >= end]
        pinned = None if is_country_name(doc[start:end].text) else "ORG"
        kept.append(Candidate(start, end, "", pinned_type=pinned))
    for start_char, end_char in layout.dateline_spans:
        for candidate in kept:
            span = doc[candidate.start:candidate.end]
            if start_char <= span.start_char and span.end_char <= end_char and \
                    _rule_type(span.text) not in {"ORG", "NORP"}:
                candidate.pinned_type = "GPE"
    return kept


def _sports_sides(doc: Doc, candidates: list[Candidate], types: dict[int, str]) -> set[str]:
    """In sports copy, a town or region that beats, draws, leads... or that is played
    "against" is a club: "Leicestershire beat Somerset by an innings". In team-sport copy so
    is a single word the model read as a person when it beats/draws/hosts or is played
    against ("Everton beat Bolton", "v Everton") and is no one's name in the doc (a player
    is named in full first: "Rooney" after "Wayne Rooney" stays a person; players score
    and win, so those verbs do not count for such words)."""
    words = lexicons().sports_words
    team_sport = _is_team_sport_doc(doc)
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
    if len(span) < 2 or not all(_is_name_word(token) for token in span):
        return None
    return lexicons().club_suffixes.get(span[-1].lower_)


def _apply_club_names(doc: Doc, candidates: list[Candidate], team_sport: bool) -> None:
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


# ---------------------------------------------------------------- candidates

def _spacy_candidates(doc: Doc, caps_lines: set[int]) -> list[Candidate]:
    candidates: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        for piece_start, piece_end in _split_pieces(doc, ent.start, ent.end):
            start, end = _trim(doc, piece_start, piece_end)
            if start >= end:
                continue
            start, end, had_title = _strip_title(doc, start, end)
            royal = None
            if ent.label_ == "PERSON" and start > 0 and doc[start - 1].text[:1].isupper() and \
                    doc[start - 1].lower_ in lexicons().royal_titles:
                # The model leaves the title out ("Prince [Charles]"), and so does CoNLL; the
                # given name alone would be read as a surname and joined to someone else's
                # full name ("Ray Charles"), so the title goes into the canonical name.
                royal = doc[start - 1:end].text
            start, end, had_descriptor = _cut_descriptors(doc, start, end)
            if start >= end:
                continue
            candidate = Candidate(start, end, ent.label_, canonical_hint=royal)
            if had_descriptor:
                candidate.fixed_type = "ORG"
            if had_title:
                candidate.fixed_type = "PERSON"
            elif not _is_caps_line_token(doc[start], caps_lines):
                # The model mis-reads upper case: a span in an ALL-CAPS line keeps its label
                # only as a last resort, the body's mentions of the same name decide its type.
                candidate.votes[ent.label_] += 1
            candidates.append(candidate)
    return candidates


def _add_uncovered_matches(doc: Doc, candidates: list[Candidate], caps_lines: set[int]) -> None:
    """Find further mentions of names the doc already uses (and country/demonym names) in
    tokens no span covers: repeated surnames, and names in ALL-CAPS lines."""
    covered = [False] * len(doc)
    for candidate in candidates:
        for i in range(candidate.start, candidate.end):
            covered[i] = True
    known: dict[tuple[str, ...], str] = {}
    for candidate in candidates:
        words = tuple(t.lower_ for t in doc[candidate.start:candidate.end])
        if not _is_caps_line_token(doc[candidate.start], caps_lines):
            known.setdefault(words, "")
            if (len(words) > 1 and candidate.votes.most_common(1)[:1] == [("PERSON", 1)]) or \
                    (len(words) > 1 and candidate.fixed_type == "PERSON"):
                known.setdefault(words[-1:], "")
    gazetteer = place_gazetteer()
    # Token strings as lists (no Token object per look): this loop looks at every word.
    texts, lowers, spaces = _token_strings(doc)
    i = 0
    while i < len(doc):
        if covered[i] or not texts[i][:1].isupper():
            i += 1
            continue
        in_caps = _is_caps_line_token(doc[i], caps_lines)
        matched = 0
        for length in range(MAX_NAME_TOKENS, 0, -1):
            if i + length > len(doc) or any(covered[i:i + length]):
                continue
            words = tuple(lowers[i:i + length])
            if any("\n" in texts[j] for j in range(i, i + length)):
                continue
            if words in known or (in_caps and _is_place_name(
                    "".join(texts[j] + spaces[j] for j in range(i, i + length - 1)).lower()
                    + lowers[i + length - 1], gazetteer)):
                if length == 1 and not in_caps and doc[i].pos_ not in {"PROPN"}:
                    continue
                matched = length
                break
        if matched:
            candidates.append(Candidate(i, i + matched, ""))
            for j in range(i, i + matched):
                covered[j] = True
            i += matched
        else:
            i += 1
    if caps_lines:
        _add_dateline_places(doc, candidates, covered, caps_lines)


def _is_place_name(text: str, gazetteer: PlaceGazetteer) -> bool:
    return (text in gazetteer.country_code_of_country or text in gazetteer.country_code_of_demonym
            or text in gazetteer.country_code_of_capital)


def _token_strings(doc: Doc) -> tuple[list[str], list[str], list[str]]:
    """Each token's text, lower-cased text and trailing whitespace, from the Doc's arrays
    (string-store lookups, no Token objects), once per Doc."""
    strings = doc.user_data.get(_TOKEN_STRINGS_KEY)
    if strings is None:
        store = doc.vocab.strings
        rows = doc.to_array([ORTH, LOWER, SPACY]).tolist()
        strings = ([store[orth] for orth, _, _ in rows], [store[lower] for _, lower, _ in rows],
                   [" " if space else "" for _, _, space in rows])
        doc.user_data[_TOKEN_STRINGS_KEY] = strings
    return strings


_TOKEN_STRINGS_KEY = "newsflow.token_strings"


def _add_dateline_places(doc: Doc, candidates: list[Candidate], covered: list[bool],
                         caps_lines: set[int]) -> None:
    """"LONDON 1996-08-30": an upper-case line of a place and a date is a dateline."""
    line_start = 0
    for i, token in enumerate(doc):
        if i == line_start and _is_caps_line_token(token, caps_lines):
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


# ---------------------------------------------------------------- typing

def _rule_type(text: str) -> str | None:
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


def _initials(words: list[str]) -> str:
    suffixes = lexicons().org_suffixes
    kept = [w for w in words if w[:1].isupper() and w.lower() not in suffixes]
    return "".join(w[0] for w in kept)


def _link_names(doc: Doc, candidates: list[Candidate]) -> None:
    """Surname -> full name, acronym -> long form, short form -> long form; sets hints."""
    texts = [doc[c.start:c.end].text for c in candidates]
    people = {}
    for candidate, text in zip(candidates, texts, strict=True):
        words = (candidate.canonical_hint or text).split()
        # A rule that made the name an organisation ("Manchester United") outranks the model's
        # PERSON reading: its last word is no surname.
        is_person = candidate.fixed_type == "PERSON" or (
            candidate.fixed_type is None and candidate.votes["PERSON"] > 0)
        if is_person and len(words) >= 2:
            people.setdefault(words[-1].lower(), candidate.canonical_hint or text)
    long_forms = [(c, t) for c, t in zip(candidates, texts, strict=True) if len(t.split()) >= 2]
    for candidate, text in zip(candidates, texts, strict=True):
        words = text.split()
        if len(words) == 1 and text.lower() in people and _rule_type(text) != "GPE":
            candidate.canonical_hint = people[text.lower()]
            candidate.fixed_type = candidate.fixed_type or "PERSON"
            continue
        if len(words) == 1 and text.isupper() and 2 <= len(text) <= 6:
            for other, other_text in long_forms:
                # A person's initials are not an acronym ("Ulrich Schulte-Strathaus" is not
                # "US"): only organisations and places have acronyms.
                if _reads_as_person(other):
                    continue
                if _initials(other_text.split()) == text and _rule_type(other_text) != "GPE":
                    other.canonical_hint = text
                    other.votes["ORG"] += 1
                    candidate.votes["ORG"] += 1
                    break
            continue
        for other, other_text in long_forms:
            other_words = other_text.split()
            # A place is not the short form of an organisation named after it: "London" is
            # not "London Stock Exchange"; nor is an adjective ("European" is not "European
            # Union": the model's NORP reading marks the adjective/demonym).
            if len(other_words) > len(words) and other_words[:len(words)] == words and \
                    _rule_type(other_text) == "ORG" and _rule_type(text) is None and \
                    text.lower() not in place_gazetteer().country_code_of_capital and \
                    not _reads_as_place(candidate) and not _reads_as_group(candidate):
                candidate.canonical_hint = other.canonical_hint or other_text
                candidate.fixed_type = candidate.fixed_type or "ORG"
                break


def _reads_as_place(candidate: Candidate) -> bool:
    top = candidate.votes.most_common(1)
    return bool(top) and top[0][0] in {"GPE", "LOC"}


def _reads_as_group(candidate: Candidate) -> bool:
    """The model read a nationality, religion or political group (NORP): an adjective or
    demonym in most uses ("European", "Conservative")."""
    top = candidate.votes.most_common(1)
    return candidate.label == "NORP" or (bool(top) and top[0][0] == "NORP")


def _reads_as_person(candidate: Candidate) -> bool:
    if candidate.fixed_type is not None:
        return candidate.fixed_type == "PERSON"
    top = candidate.votes.most_common(1)
    return bool(top) and top[0][0] == "PERSON"


def _has_org_cue(doc: Doc, candidate: Candidate) -> bool:
    """Context no person takes: "shares in X", "oil giant X", "X boss", "X's chief executive",
    "the X say" (entity_org_cues.csv). Looks at a few tokens either side only."""
    cues = lexicons().org_cues
    before = tuple(t.lower_ for t in doc[max(0, candidate.start - 2):candidate.start])
    if any(before[-len(cue):] == cue for cue in cues.get("before", ()) if len(cue) <= len(before)):
        return True
    after_start = candidate.end
    possessive = after_start < len(doc) and doc[after_start].text in POSSESSIVES
    if possessive:
        after_start += 1
    after = tuple(t.lower_ for t in doc[after_start:after_start + 2])
    side = "after_possessive" if possessive else "after"
    if any(after[:len(cue)] == cue for cue in cues.get(side, ())):
        return True
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


def _apply_org_cues(doc: Doc, candidates: list[Candidate]) -> None:
    """A PERSON reading with organisation context becomes ORG; the doc vote then carries it
    to the name's other mentions."""
    for candidate in candidates:
        if candidate.pinned_type is None and _reads_as_person(candidate) and \
                candidate.fixed_type != "PERSON" and _has_org_cue(doc, candidate):
            candidate.fixed_type = "ORG"


def _split_run_ons(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """A headline span that joins two names the body uses on their own is two mentions:
    "Blair Labour's longest-serving PM" -> "Blair" + "Labour" (headlines drop the words
    between names, and the model then reads one name). Known names: the other spans'
    texts and the surnames of full names; the joined text must occur nowhere else."""
    texts = [doc[c.start:c.end].text.lower() for c in candidates]
    counts = Counter(texts)
    known = set(texts)
    known.update(text.split()[-1] for c, text in zip(candidates, texts, strict=True)
                 if len(text.split()) > 1 and _reads_as_person(c))
    kept: list[Candidate] = []
    for candidate, text in zip(candidates, texts, strict=True):
        length = candidate.end - candidate.start
        split_at = None
        in_headline = _line_of(doc[candidate.start]) == 0 and "\n" in doc_text(doc)
        if 2 <= length <= MAX_NAME_TOKENS and counts[text] == 1 and in_headline and \
                candidate.pinned_type is None:
            for cut in range(candidate.start + 1, candidate.end):
                head = doc[candidate.start:cut].text.lower()
                tail = doc[cut:candidate.end].text.lower()
                if head in known and tail in known and head != text and tail != text:
                    split_at = cut
                    break
        if split_at is None:
            kept.append(candidate)
            continue
        for start, end in ((candidate.start, split_at), (split_at, candidate.end)):
            kept.append(Candidate(start, end, ""))
    return kept


def _vote_types(doc: Doc, candidates: list[Candidate]) -> dict[int, str]:
    """One type per entity in the doc: rule types win, else the majority of spaCy's labels
    over every mention of the same (canonical) name, else the model's label of the span."""
    key_of = [(c.canonical_hint or doc[c.start:c.end].text).lower() for c in candidates]
    votes: dict[str, Counter[str]] = {}
    fixed: dict[str, str] = {}
    for candidate, key in zip(candidates, key_of, strict=True):
        votes.setdefault(key, Counter()).update(candidate.votes)
        rule = _rule_type(doc[candidate.start:candidate.end].text) or candidate.fixed_type
        if rule and key not in fixed:
            fixed[key] = rule
    types = {}
    for index, (candidate, key) in enumerate(zip(candidates, key_of, strict=True)):
        own_rule = _rule_type(doc[candidate.start:candidate.end].text)
        chosen = own_rule or fixed.get(key)
        if chosen is None and votes[key]:
            chosen = votes[key].most_common(1)[0][0]
        types[index] = chosen or candidate.label or "ORG"
    return types


TEAM_SCORE = re.compile(r"[A-Z][\w.]*(?: [A-Z][\w.]*)* \d{1,2}\b(?![-.:/]\d)")


def _is_team(doc: Doc, candidate: Candidate) -> bool:
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


def _metonymic_country(doc: Doc, candidate: Candidate) -> str | None:
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


# ---------------------------------------------------------------- public API

def forget_doc_caches(doc: Doc) -> None:
    """Drop what the rules memoised in `doc.user_data` (text, line breaks, words, token strings):
    a Doc sent back from a spaCy worker process carries its user_data, and these need not go."""
    for key in (_TEXT_KEY, _NEWLINES_KEY, _LOWER_WORDS_KEY, _TOKEN_STRINGS_KEY):
        doc.user_data.pop(key, None)


def find_mentions(doc: Doc) -> list[dict]:
    """One row per entity mention: sentence_index, start_char, end_char, surface, label,
    entity_type, canonical_hint. Offsets index into doc.text."""
    caps_lines = caps_line_numbers(doc)
    layout = line_layout(doc_text(doc))
    candidates = _spacy_candidates(doc, caps_lines)
    candidates = _apply_layout(doc, candidates, layout)
    _add_uncovered_matches(doc, candidates, caps_lines)
    candidates = _split_run_ons(doc, _drop_overlaps(candidates))
    _apply_org_cues(doc, candidates)
    _apply_club_names(doc, candidates, _is_team_sport_doc(doc))
    _link_names(doc, candidates)
    types = _vote_types(doc, candidates)
    if _is_sports_doc(doc, layout):
        # A name that plays as a side anywhere in the doc is the club everywhere in it,
        # except where the layout says otherwise (the dateline's city).
        clubs = _sports_sides(doc, candidates, types) | {
            doc[c.start:c.end].text.lower() for c in candidates if c.pinned_type == "ORG"}
        for index, candidate in enumerate(candidates):
            text = doc[candidate.start:candidate.end].text
            if text.lower() in clubs and candidate.pinned_type is None and \
                    not is_country_name(text) and types[index] != "NORP":
                types[index] = "ORG"
    for index, candidate in enumerate(candidates):
        if candidate.pinned_type:
            types[index] = candidate.pinned_type
    sentence_starts = [sent.start for sent in doc.sents]
    rows = []
    for index, candidate in enumerate(candidates):
        span = doc[candidate.start:candidate.end]
        entity_type = types[index]
        hint = candidate.canonical_hint
        if entity_type in {"GPE", "LOC"} and hint is None:
            hint = _metonymic_country(doc, candidate)
            if hint is None and _is_team(doc, candidate) and TEAM_RULE_ENABLED:
                entity_type = "ORG"
        rows.append({
            "sentence_index": _sentence_index(sentence_starts, candidate.start),
            "start_char": span.start_char, "end_char": span.end_char, "surface": span.text,
            "label": candidate.label or entity_type, "entity_type": entity_type,
            "canonical_hint": hint,
        })
    return sorted(rows, key=lambda row: row["start_char"])


def _sentence_index(sentence_starts: list[int], token_index: int) -> int:
    index = 0
    for i, start in enumerate(sentence_starts):
        if start <= token_index:
            index = i
    return index


def _drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    taken: set[int] = set()
    for candidate in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        tokens = set(range(candidate.start, candidate.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(candidate)
    return kept


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
