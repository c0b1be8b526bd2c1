"""Span repair: spaCy's entity spans cut at separators, scores and line breaks, trimmed of
articles, possessives, titles and descriptor words; overlaps dropped; headline run-ons of two
known names split."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from tasks.ner.candidate import DASHES, MAX_NAME_TOKENS, POSSESSIVES, Candidate, is_name_word, reads_as_person
from tasks.ner.data import lexicons
from tasks.ner.doc_cache import doc_text, is_caps_line_token, line_of
from tasks.ner.lines import SCORE
from tasks.ner.works import is_not_a_name

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW",
               "WORK_OF_ART", "LANGUAGE"}


def spacy_candidates(doc: Doc, caps_lines: set[int]) -> list[Candidate]:
    candidates: list[Candidate] = []
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        for piece_start, piece_end in split_pieces(doc, ent.start, ent.end):
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
            start, end, had_descriptor = cut_descriptors(doc, start, end)
            if start >= end or is_not_a_name(doc[start:end].text):
                continue
            candidate = Candidate(start, end, ent.label_, canonical_hint=royal)
            if had_descriptor:
                candidate.fixed_type = "ORG"
            if had_title:
                candidate.fixed_type = "PERSON"
            elif not is_caps_line_token(doc[start], caps_lines):
                # The model mis-reads upper case: a span in an ALL-CAPS line keeps its label
                # only as a last resort, the body's mentions of the same name decide its type.
                candidate.votes[ent.label_] += 1
            candidates.append(candidate)
    return candidates


def split_pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at " - " separators, line breaks (tables, results lines), lists of names, and between
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
            is_versus or i in score_tokens or _joins_two_names(doc, i, start, end)
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


def _joins_two_names(doc: Doc, i: int, start: int, end: int) -> bool:
    """A comma or "or" between two capitalised words joins two names the model read as one
    ("Gazpromneft, Rosneft", "Arsenal or Sheffield United"); not before a company suffix
    ("Apple, Inc"), nor in a span with any other lower-case word ("Ministry of Economy, Trade
    and Industry", "[Minister of] Economy, Trade and Industry Yasutoshi Nishimura" list a
    portfolio's parts)."""
    if not start < i < end - 1 or doc[i].text not in {",", "or"}:
        return False
    if any(doc[j].text.islower() and doc[j].text != "or" for j in range(start, end)):
        return False
    following = doc[i + 1]
    return following.text[:1].isupper() and following.lower_ not in lexicons().org_suffixes \
        and doc[i - 1].text[:1].isupper()


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
    if len(name) > MAX_NAME_TOKENS or not all(is_name_word(doc[i]) for i in name):
        return start, end, False
    if doc[end - 1].lower_ in lexicons().org_suffixes:
        return start, end, False
    return last_title + 1, end, True


def cut_descriptors(doc: Doc, start: int, end: int) -> tuple[int, int, bool]:
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


def drop_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    taken: set[int] = set()
    for candidate in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        tokens = set(range(candidate.start, candidate.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(candidate)
    return kept


def split_run_ons(doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
    """A headline span that joins two names the body uses on their own is two mentions:
    "Blair Labour's longest-serving PM" -> "Blair" + "Labour" (headlines drop the words
    between names, and the model then reads one name). Known names: the other spans'
    texts and the surnames of full names; the joined text must occur nowhere else."""
    texts = [doc[c.start:c.end].text.lower() for c in candidates]
    counts = Counter(texts)
    known = set(texts)
    known.update(text.split()[-1] for c, text in zip(candidates, texts, strict=True)
                 if len(text.split()) > 1 and reads_as_person(c))
    kept: list[Candidate] = []
    for candidate, text in zip(candidates, texts, strict=True):
        length = candidate.end - candidate.start
        split_at = None
        in_headline = line_of(doc[candidate.start]) == 0 and "\n" in doc_text(doc)
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
