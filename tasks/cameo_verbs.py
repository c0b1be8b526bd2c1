"""The CAMEO verb dictionary of PETRARCH2 (`tasks/data/petrarch2/CAMEO.2.0.txt`, MIT) as a lookup.

The file groups verbs in blocks (`---  BLAME   [112]  ---`): each member verb has its own code or
the block's; the block's patterns (`- * (OF TORTURE)  [1122]`) refine the code by the words
around the verb, `*` standing for the verb. Here a pattern is a list of word slots before and
after the verb; a slot holds the words that may fill it (a synonym set such as `&CURRENCY`
expands to its members). A word ending in `_` must match a whole word, otherwise it matches the
start of one (`VIOLAT` matches "violating"). Markers for the source (`$`), target (`+`), skipped
words (`^`) and the grouping of `{}` and `()` carry no words and are dropped: the coder reads
its actors off the parse, not off word positions.

The file is parsed once per process (~0.1 s), in the process that codes events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DICTIONARY_PATH = Path(__file__).resolve().parent / "data" / "petrarch2" / "CAMEO.2.0.txt"

BLOCK_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[([^\]]*)\]")
MARKERS = {"$", "+", "^", "%", "*", "-", ","}
FUNCTION_WORDS = frozenset({"to", "for", "with", "from", "on", "in", "at", "by", "of", "into", "against",
                            "over", "about", "out", "up", "off", "down", "away", "back", "the", "a", "an"})


@dataclass(frozen=True)
class VerbPattern:
    before: tuple[frozenset[str], ...]
    after: tuple[frozenset[str], ...]
    code: str

    @property
    def size(self) -> int:
        return len(self.before) + len(self.after)


@dataclass(frozen=True)
class VerbEntry:
    """A verb (lower case; a phrasal verb as "ask for") with its default code (None: the verb
    is coded only through a pattern) and the patterns of its block."""

    verb: str
    code: str | None
    patterns: tuple[VerbPattern, ...]


def _has_code(text: str) -> bool:
    return CODE.search(text) is not None


def _code(text: str) -> str | None:
    """'[112]' -> '112'; '[042:043]' -> '042' (the code of the active form); '[:173]' -> '173';
    '[---]' -> None."""
    found = CODE.search(text)
    if found is None:
        return None
    parts = [part.strip() for part in found.group(1).split(":")]
    code = next((part for part in parts if part and part != "---"), None)
    return code if code and code.isdigit() else None


def _source_verbs(raw: str) -> frozenset[str]:
    """The verbs a pattern was written for, from its comment ("# ACCUSE" or "# EXPRESS , EXPRESS")."""
    comment = raw.split("#", 1)[1] if "#" in raw else ""
    return frozenset(w.strip().lower().replace("_", " ") for w in comment.split(",")
                     if re.fullmatch(r"\s*[A-Z][A-Z_']*\s*", w))


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s{}()]+", text) if w and w not in MARKERS]


Block = tuple[str | None, list[tuple[str, str | None]], list[tuple[str, str, frozenset[str]]]]


def _parse(lines: list[str]) -> tuple[dict[str, frozenset[str]], list[Block]]:
    """Synonym sets, and blocks of (block code, [(verb, own code)], [(pattern text, code, the
    verbs it was written for)])."""
    synsets: dict[str, set[str]] = {}
    blocks: list[Block] = []
    current_set: str | None = None
    block_heads: list[str] = []
    in_verbs = False
    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_set = line.strip().rstrip("_")
                synsets[current_set] = set()
            elif line.startswith("+") and current_set is not None:
                synsets[current_set].add(line[1:].strip().lower())
            continue
        _parse_verb_line(raw, line, blocks, block_heads)
    return {name: frozenset(members) for name, members in synsets.items()}, blocks


def _parse_verb_line(raw: str, line: str, blocks: list[Block], block_heads: list[str]) -> None:
    """One line of the verb patterns: a block header, a pattern of the current block, or one of
    its verbs; added to `blocks` (and `block_heads`, the verb that names each block)."""
    header = BLOCK_HEADER.match(line)
    if header:
        blocks.append((_code(f"[{header.group(2)}]"), [], []))
        block_heads.append(header.group(1).lower().replace("_", " "))
        return
    if not blocks:
        return
    if line.startswith("-"):
        code = _code(line)
        pattern = CODE.sub("", line[1:]).strip()
        if code is not None and "*" in pattern:
            blocks[-1][2].append((pattern, code, _source_verbs(raw)))
        return
    head = CODE.sub("", line).split("{", 1)[0].strip().lstrip("+")
    if head:
        verb = head.lower().replace("_", " ").strip()
        # a verb's default: its own code, else (for the verb that names the block) the
        # block's; the block's other members are coded only through patterns
        # "[---]" on the verb: coded only by patterns, never by the block
        own = (_code(line) or "none") if _has_code(line) else ("inherit" if verb == block_heads[-1] else None)
        blocks[-1][1].append((verb, own))


def _slot(word: str, synsets: dict[str, frozenset[str]]) -> frozenset[str] | None:
    """The words a pattern word stands for; None for a multi-word synonym set member only."""
    if word.startswith("&"):
        members = synsets.get(word.rstrip("_"), frozenset())
        single = frozenset(m for m in members if " " not in m.strip("_") and "_" not in m.strip("_"))
        return single or None
    return frozenset({word.lower()})


def _pattern(text: str, code: str, synsets: dict[str, frozenset[str]]) -> VerbPattern | None:
    before_text, _, after_text = text.partition("*")
    before = [_slot(w, synsets) for w in _words(before_text)]
    after = [_slot(w, synsets) for w in _words(after_text)]
    if any(slot is None for slot in before + after) or not (before or after):
        return None
    if all(slot <= FUNCTION_WORDS for slot in before + after):
        return None  # "- * (TO)": a preposition alone says too little in running news text
    return VerbPattern(tuple(before), tuple(after), code)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def verb_dictionary() -> dict[str, VerbEntry]:
    """verb (lower case, phrasal verbs with a space) -> its entry."""
    synsets, blocks = _parse(DICTIONARY_PATH.read_text(encoding="utf-8", errors="replace").splitlines())
    entries: dict[str, VerbEntry] = {}
    for block_code, verbs, pattern_texts in blocks:
        members = {verb for verb, _ in verbs}
        parsed = [(p, sources & members) for text, code, sources in pattern_texts
                  if (p := _pattern(text, code, synsets)) is not None]
        for verb, own_code in verbs:
            if verb in entries:  # a verb listed in two blocks keeps the first
                continue
            # a pattern written for named verbs of the block applies to those verbs; one whose
            # comment names none of them, to the whole block
            patterns = tuple(sorted((p for p, sources in parsed if not sources or verb in sources),
                                    key=lambda p: -p.size))
            # the block's code goes to the verb that names the block, and to the verbs its
            # patterns were written for (the dictionary's curated members) when the code is a
            # specific one (172 "impose administrative sanctions", not the root's 170 "coerce");
            # other members (WordNet synonyms) are coded only by their own code or a pattern
            curated = own_code == "inherit" or (
                block_code is not None and not block_code.endswith("0")
                and any(verb in sources for _, sources in parsed))
            if own_code == "none":
                default = None
            elif own_code not in (None, "inherit"):
                default = own_code
            else:
                default = block_code if curated else None
            entries[verb] = VerbEntry(verb, default, patterns)
    return entries


def word_matches(slot: frozenset[str], word: str) -> bool:
    for candidate in slot:
        if candidate.endswith("_"):
            if word == candidate[:-1]:
                return True
        elif word.startswith(candidate):
            return True
    return False


def _in_order(slots: tuple[frozenset[str], ...], words: list[str]) -> bool:
    position = 0
    for slot in slots:
        while position < len(words) and not word_matches(slot, words[position]):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


def code_verb(entry: VerbEntry, words_before: list[str], words_after: list[str]) -> tuple[str | None, int]:
    """The code of the verb given the words (lower case) of its phrase before and after it:
    the largest pattern whose words all appear in order, else the verb's own code; and the
    number of pattern words that matched (0 for the default)."""
    for pattern in entry.patterns:
        if _in_order(pattern.after, words_after) and _in_order(pattern.before, words_before):
            return pattern.code, pattern.size
    return entry.code, 0
