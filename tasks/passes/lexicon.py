"""Which words trigger an event, and how: the CAMEO verb dictionary as the base, the hand lexicon
(`tasks/data/cameo_triggers.csv`, see its header for the kinds of entry) as its supplement.

A word the hand lexicon knows is read as it says (it also knows event nouns, light verbs and
control verbs); a verb only the dictionary knows is coded by the dictionary's patterns
(`tasks.cameo_verbs`). Every table is read once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Token

from tasks.cameo_verbs import code_verb, verb_dictionary
from tasks.data_files import read_lines, read_rows
from tasks.passes.syntax import SPEECH_LEMMAS, lemma_candidates, phrase_words

# A verb known only to the CAMEO dictionary makes an event only when someone is acted on (or
# several act together, or a named actor acts on a stated object): the dictionary's verbs are
# loose ("back", "call", "hit").
DICTIONARY_REQUIRES = "target"


@dataclass(frozen=True)
class LexiconEntry:
    kind: str
    cameo_code: str
    requires: str
    possessor: str = "source"  # role of "X's" on an event noun ("his arrest": target)
    source_preposition: str = ""  # a preposition whose object is the source ("expelled from")
    from_dictionary: bool = False  # read from the CAMEO verb dictionary, not the hand lexicon


@lru_cache(maxsize=1)
def load_lexicon() -> dict[tuple[str, str], LexiconEntry]:
    """(trigger, pos) -> entry, read once from the data file."""
    return {
        (row["trigger"], row["pos"]): LexiconEntry(
            row["kind"], row["cameo_code"], row["requires"],
            row.get("possessor") or "source", row.get("source_preposition") or "",
        )
        for row in read_rows("cameo_triggers.csv")
    }


@lru_cache(maxsize=1)
def load_reference_nouns() -> dict[str, frozenset[str]]:
    """noun lemma -> its kinds ('organisation', 'institution', 'state'), read once."""
    kinds: dict[str, set[str]] = {}
    for row in read_rows("event_reference_nouns.csv"):
        kinds.setdefault(row["noun"], set()).add(row["kind"])
    return {noun: frozenset(found) for noun, found in kinds.items()}


@lru_cache(maxsize=1)
def load_group_nouns() -> dict[str, frozenset[str]]:
    """noun lemma -> the entity types a group of them may be ("country" -> GPE)."""
    return {row["noun"]: frozenset(row["types"].split("|")) for row in read_rows("event_group_nouns.csv")}


@lru_cache(maxsize=1)
def load_not_actors() -> frozenset[str]:
    """Names that are no actor (`event_not_actors.txt`), lower case."""
    return frozenset(line.lower() for line in read_lines("event_not_actors.txt"))


@lru_cache(maxsize=1)
def load_news_organisations() -> frozenset[str]:
    """Agencies, papers and broadcasters (lower case): wire copy cites them as its sources."""
    return frozenset(line.lower() for line in read_lines("entity_news_organisations.txt"))


@lru_cache(maxsize=1)
def load_conditions() -> dict[str, frozenset[str]]:
    """kind ('mark', 'phrase') -> the words that make an event conditional ("if", "in case")."""
    kinds: dict[str, set[str]] = {}
    for row in read_rows("event_conditions.csv"):
        kinds.setdefault(row["kind"], set()).add(row["word"])
    return {kind: frozenset(words) for kind, words in kinds.items()}


@lru_cache(maxsize=1)
def load_intent_words() -> frozenset[str]:
    """Adjectives whose to-clause is an expressed intent ("ready to negotiate")."""
    return frozenset(row["word"] for row in read_rows("event_intent_words.csv"))


@lru_cache(maxsize=1)
def load_intent_codes() -> dict[str, str]:
    """CAMEO root of an act -> the 03 code of an intent to do it ("04" -> "036")."""
    return {row["root"]: row["intent_code"] for row in read_rows("cameo_intent_codes.csv")}


@lru_cache(maxsize=1)
def dictionary_pattern_only() -> frozenset[str]:
    """Dictionary verbs coded only by their patterns (`event_dictionary_pattern_only.txt`)."""
    return frozenset(read_lines("event_dictionary_pattern_only.txt"))


@lru_cache(maxsize=1)
def codes_not_events() -> frozenset[str]:
    """CAMEO codes (and roots) the dictionary gives that are statements, not events."""
    entries = (line.split("#", 1)[0].strip() for line in read_lines("event_codes_not_events.txt"))
    return frozenset(entry for entry in entries if entry)


@lru_cache(maxsize=1)
def lexicon_heads() -> frozenset[tuple[str, str]]:
    """(first word of a trigger, pos): the words worth a closer look."""
    return frozenset((re.split(r"[ +]", trigger)[0], pos) for trigger, pos in load_lexicon())


@lru_cache(maxsize=1)
def lexicon_parts_of_speech() -> frozenset[str]:
    return frozenset(pos for _, pos in load_lexicon()) | {"VERB"}


def trigger_entry(token: Token) -> tuple[str, LexiconEntry] | None:
    """The lexicon entry this token triggers, most specific first: a phrase of the word and a
    child ("pull out", "impose+sanction"), a noun with its modifier ("export controls"), the
    word alone, and for a verb the hand lexicon does not know, the CAMEO verb dictionary."""
    pos = "VERB" if token.pos_ in {"VERB", "AUX"} else token.pos_
    if pos not in lexicon_parts_of_speech():  # most tokens: no trigger of their kind exists
        return None
    # the first reading of the word the lexicon knows (spaCy lemmatises "fined" as "fin")
    heads = lexicon_heads()
    lemma = next((candidate for candidate in lemma_candidates(token) if (candidate, pos) in heads),
                 token.lemma_.lower())
    found = _phrase_entry(token, lemma, pos)
    if found is not None:
        return found
    if pos == "NOUN":
        found = _modified_noun_entry(token, lemma)
        if found is not None or token.dep_ == "compound":
            return found  # "export" in "export controls" is read from its head
    lexicon = load_lexicon()
    if (lemma, pos) in lexicon:
        return lemma, _with_dictionary_pattern(token, lexicon[(lemma, pos)], pos)
    if pos == "VERB":
        return dictionary_entry(token)
    return None


def _phrase_entry(token: Token, lemma: str, pos: str) -> tuple[str, LexiconEntry] | None:
    """A hand-lexicon phrase of the word and one of its children: a particle or preposition
    ("pull out", "call for") or its object or complement ("impose+sanction")."""
    lexicon = load_lexicon()
    for child in token.children:
        if child.dep_ in {"dobj", "xcomp"}:
            phrase_keys = [f"{lemma}+{child.lemma_.lower()}"]
        elif child.dep_ in {"prt", "prep"}:
            phrase_keys = [f"{lemma} {child.lower_}", f"{lemma} {child.lemma_.lower()}"]
        else:
            continue
        for key in phrase_keys:
            if (key, pos) in lexicon:
                return key, lexicon[(key, pos)]
    return None


def _modified_noun_entry(token: Token, lemma: str) -> tuple[str, LexiconEntry] | None:
    """"export controls", "legal action": a noun with the modifier right before it."""
    lexicon = load_lexicon()
    compound = [c for c in token.children if c.dep_ in {"compound", "amod"} and c.i == token.i - 1]
    if compound:
        key = f"{compound[0].lemma_.lower()} {lemma}"
        if (key, "NOUN") in lexicon:
            return key, lexicon[(key, "NOUN")]
    return None


def _with_dictionary_pattern(token: Token, entry: LexiconEntry, pos: str) -> LexiconEntry:
    """A hand-lexicon verb coded "not specified" (040: consult) takes the dictionary's pattern
    for its phrase ("exchanged prisoners" is a release, 0841, not talks)."""
    if pos == "VERB" and entry.kind == "event" and entry.cameo_code.endswith("0"):
        patterned = dictionary_entry(token, patterns_only=True)
        if patterned is not None:
            return replace(entry, cameo_code=patterned[1].cameo_code)
    return entry


def dictionary_entry(token: Token, patterns_only: bool = False) -> tuple[str, LexiconEntry] | None:
    """The CAMEO verb dictionary's reading of a verb the hand lexicon does not know: its phrasal
    form first ("ask for"), coded by the largest pattern that fits the words around it, else by
    its own code. Codes that are statements, not events, are left out."""
    dictionary = verb_dictionary()
    lemmas = lemma_candidates(token)
    if lemmas[0] in SPEECH_LEMMAS:  # what was said is coded from the reported clause
        return None
    particles = [c.lower_ for c in token.children if c.dep_ in {"prt", "prep"}]
    entry = next((dictionary[f"{lemma} {particle}"] for lemma in lemmas for particle in particles
                  if f"{lemma} {particle}" in dictionary), None)
    entry = entry or next((dictionary[lemma] for lemma in lemmas if lemma in dictionary), None)
    if entry is None:
        return None
    before, after = phrase_words(token)
    code, matched_words = code_verb(entry, before, after)
    if matched_words == 0 and (patterns_only or entry.verb in dictionary_pattern_only()):
        return None  # "called the targets impressive": the verb's own code would be a phone call
    if code is None or code[:3] in codes_not_events() or code[:2] in codes_not_events():
        return None
    return entry.verb, LexiconEntry("event", code, DICTIONARY_REQUIRES, from_dictionary=True)
