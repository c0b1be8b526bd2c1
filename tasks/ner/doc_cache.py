"""What the rules memoise per Doc in `doc.user_data`: its text, line breaks, distinct words,
token strings, and the lines written in upper case."""

from __future__ import annotations

import bisect
import re
from collections import Counter

from spacy.attrs import IDX, IS_ALPHA, IS_UPPER, LENGTH, LOWER, ORTH, SPACY
from spacy.tokens import Doc, Token


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins every token's text on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "newsflow.text"


def line_of(token: Token) -> int:
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


def is_caps_line_token(token: Token, caps_lines: set[int]) -> bool:
    return line_of(token) in caps_lines


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


def lower_words(doc: Doc) -> set[str]:
    """The doc's distinct lower-cased words, from the LOWER array (no Token objects), once per Doc."""
    words = doc.user_data.get(_LOWER_WORDS_KEY)
    if words is None:
        words = {doc.vocab.strings[key] for key in set(doc.to_array(LOWER).tolist())}
        doc.user_data[_LOWER_WORDS_KEY] = words
    return words


_LOWER_WORDS_KEY = "newsflow.lower_words"


def token_strings(doc: Doc) -> tuple[list[str], list[str], list[str]]:
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


def forget_doc_caches(doc: Doc) -> None:
    """Drop what the rules memoised in `doc.user_data` (text, line breaks, words, token strings):
    a Doc that is kept or serialised carries its user_data, and these need not go with it."""
    for key in (_TEXT_KEY, _NEWLINES_KEY, _LOWER_WORDS_KEY, _TOKEN_STRINGS_KEY):
        doc.user_data.pop(key, None)
