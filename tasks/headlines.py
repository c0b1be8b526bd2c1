"""Headline, standfirst and paragraphs: a title told apart from the body it was printed in
(a first line, a flat one-line article, a standfirst printed twice), and the body's paragraphs
joined (tasks.clean calls `split_title_and_text` for every document)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from tasks.word_lists import word_list as _word_list

# Headline and standfirst bounds, in words, for splitting a one-line article.
MAX_HEADLINE_WORDS = 40
MIN_REPEATED_WORDS = 4
MAX_STANDFIRST_WORDS = 120
LEADING_WORDS_SCANNED = MAX_HEADLINE_WORDS + 3 * MAX_STANDFIRST_WORDS
# A first line this short (words / characters) can be a title line.
MAX_TITLE_LINE_WORDS = 30
MAX_TITLE_LINE_CHARS = 250

_INITIALISM = re.compile(r"^\(?(?:[A-Za-z]\.){2,}[)\"']*$")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")
_PARAGRAPH_END = re.compile(r"(?:[.!?:][\"')\]]*)$")
_LIST_ITEM = re.compile(r"^(?:[-*•·]|\d{1,3}[.)])\s")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _RepeatedBlock:
    start: int  # index of the block's first word
    length: int  # words in one copy
    copies: int  # how many times it appears back to back (>= 2)

    @property
    def end(self) -> int:
        return self.start + self.length * self.copies


def split_title_and_text(title: str | None, body: str) -> tuple[str | None, str]:
    """A normalised body (and the title, if the input gave one) -> (title, article text).

    Without a given title the headline comes from the text: the first line of a multi-line
    text, or the words before a repeated standfirst (or a title-case run) in a one-line text.
    The standfirst (a summary line under the headline) is sometimes printed twice by the
    source, as in the seed. Decision: when it appears two or more times back to back at the
    start of the body, ALL copies are dropped from the text: it is page furniture like the
    headline, it restates what the body says, and keeping one copy would make the same claim
    appear twice in articles.text (and be extracted twice). A standfirst that appears only
    once cannot be told apart from the first paragraph, so it stays in the text and nothing
    that might carry information is ever lost silently. If dropping would leave no text, one
    copy is kept.
    """
    if not body:
        return title, ""
    lines = body.split("\n")
    if title is None and _first_line_is_title(lines):
        title, body = lines[0], "\n".join(lines[1:]).strip()
    text = _join_paragraphs(body)
    if title is None:
        first, separator, rest = text.partition("\n\n")
        headline, first = _split_flat_headline(first)
        if headline is not None:
            title, text = headline, f"{first}{separator}{rest}".strip()
    text = _drop_leading_title(text, title)
    text = _drop_repeated_lead(text)
    return title, text


def _first_line_is_title(lines: list[str]) -> bool:
    """Multi-line text: is its first line a headline (short, no sentence-final full stop)?"""
    if len([line for line in lines if line]) < 2:
        return False
    first = lines[0]
    words = first.split()
    if not words or len(words) > MAX_TITLE_LINE_WORDS or len(first) > MAX_TITLE_LINE_CHARS:
        return False
    if first.endswith(".") and not _is_abbreviation(words[-1]):
        return False
    # In a text whose paragraphs are separated by blank lines, a first line running straight
    # into the next one is a wrapped sentence, not a title.
    has_blank_lines = "" in lines
    if has_blank_lines and lines[1] != "":
        return False
    # Hard-wrapped text without blank lines: the next line carries on the same sentence.
    return not (lines[1] and lines[1][0].islower())


def _join_paragraphs(body: str) -> str:
    """Paragraphs separated by "\\n\\n"; single line breaks inside one are hard wraps, joined
    with a space, unless the line ends a sentence or the next one is a list item."""
    paragraphs: list[str] = []
    for block in body.split("\n\n"):
        current: list[str] = []
        for line in block.split("\n"):
            if not line:
                continue
            if current and (_PARAGRAPH_END.search(current[-1]) or _LIST_ITEM.match(line)):
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _is_abbreviation(word: str) -> bool:
    return bool(_INITIALISM.match(word)) or word in _word_list("input_abbreviations.txt")


def _ends_sentence(word: str) -> bool:
    return bool(_SENTENCE_END.search(word)) and not _is_abbreviation(word)


def _find_repeated_block(words: list[str], max_start: int) -> _RepeatedBlock | None:
    """The first run of >= MIN_REPEATED_WORDS words, starting within max_start words of the
    beginning, that is immediately repeated word for word."""
    total = len(words)
    for start in range(min(max_start, total) + 1):
        longest = min(MAX_STANDFIRST_WORDS, (total - start) // 2)
        for length in range(MIN_REPEATED_WORDS, longest + 1):
            block = words[start:start + length]
            if words[start + length] != words[start] or words[start + length:start + 2 * length] \
                    != block:
                continue
            copies = 2
            while words[start + copies * length:start + (copies + 1) * length] == block:
                copies += 1
            return _RepeatedBlock(start, length, copies)
    return None


def _split_flat_headline(paragraph: str) -> tuple[str | None, str]:
    """One-line "Headline Standfirst Standfirst Body..." -> (headline, rest of the paragraph).

    The boundary is where an immediately repeated block (the standfirst) starts; if there is
    none, the end of a title-case run of words followed by a typical sentence opener ("The",
    "A", "In", ...). If neither is found, there is no headline and the paragraph is unchanged.
    """
    spans = _leading_words(paragraph)
    words = [span.group() for span in spans]
    repeated = _find_repeated_block(words, MAX_HEADLINE_WORDS)
    if repeated is not None:
        if repeated.start == 0:
            # Only a repeated block and no headline before it: the block is the headline.
            if repeated.length > MAX_HEADLINE_WORDS or repeated.end >= len(words):
                return None, paragraph
            headline = " ".join(words[:repeated.length])
            return headline, paragraph[spans[repeated.end].start():]
        if _plausible_headline(words[:repeated.start]):
            return (paragraph[:spans[repeated.start - 1].end()],
                    paragraph[spans[repeated.start].start():])
        return None, paragraph
    boundary = _title_case_boundary(words)
    if boundary is None:
        return None, paragraph
    return paragraph[:spans[boundary - 1].end()], paragraph[spans[boundary].start():]


def _plausible_headline(words: list[str]) -> bool:
    """No sentence ends inside it (a final ? or ! is fine), not too long."""
    if not words or len(words) > MAX_HEADLINE_WORDS:
        return False
    if any(_ends_sentence(word) for word in words[:-1]):
        return False
    last = words[-1]
    return not (last.endswith(".") and not _is_abbreviation(last))


def _is_capitalised(word: str) -> bool:
    core = word.lstrip("\"'([“‘")
    return bool(core) and (core[0].isupper() or core[0].isdigit() or
                           any(char.isupper() for char in core[1:]))  # iPhone, eBay


def _title_case_boundary(words: list[str]) -> int | None:
    """Index of the first body word after a title-case headline, or None.

    "Japan and US Agree to Cooperate on Advanced Technology The two allies ...": the run of
    capitalised (or minor) words ends at "two"; its last sentence opener, "The", starts the
    body. The headline must keep at least three words, two of them capitalised, and must not
    end in a minor word ("The European Union and The Netherlands agreed" is not split).
    """
    minor_words = _word_list("input_title_minor_words.txt")
    openers = _word_list("input_sentence_starters.txt")
    run = 0
    for word in words:
        if _is_capitalised(word) or word in minor_words or not any(c.isalnum() for c in word):
            run += 1
            if _ends_sentence(word):
                break
        else:
            break
    for boundary in range(min(run, len(words) - 5), 2, -1):
        headline = words[:boundary]
        if words[boundary] not in openers or headline[-1] in minor_words:
            continue
        capitalised = [word for word in headline if _is_capitalised(word)]
        if len(capitalised) >= 2 and _plausible_headline(headline):
            return boundary
    return None


def _drop_leading_title(text: str, title: str | None) -> str:
    """Texts (often JSON/HTML) that repeat their headline as the first line: drop that copy."""
    if not title or not text.startswith(title):
        return text
    rest = text[len(title):]
    if rest and not rest[0].isspace():
        return text
    return rest.strip() or text


def _drop_repeated_lead(text: str) -> str:
    """A block repeated back to back at the very start of the text (a standfirst printed twice,
    or three times) is dropped entirely; see `split_title_and_text` for why."""
    spans = _leading_words(text)
    repeated = _find_repeated_block([span.group() for span in spans], max_start=0)
    if repeated is None:
        return text
    if repeated.end < len(spans):
        return text[spans[repeated.end].start():]
    rest = text[spans[-1].end():].strip()
    # Nothing after the copies: keep one rather than nothing.
    return rest or text[:spans[repeated.length - 1].end()]


def _leading_words(text: str) -> list[re.Match[str]]:
    """The words a headline and repeated standfirst can span (no need to scan a long body)."""
    return list(islice(_WORD.finditer(text), LEADING_WORDS_SCANNED))
