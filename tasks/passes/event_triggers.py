"""Pass 1 of the events: find the triggers, words that start a CAMEO-coded event.

Verbs known to the CAMEO verb dictionary or the hand lexicon, event nouns ("talks",
"sanctions"), and a light verb's event noun ("offering subsidies": the noun, with the verb's
code when it has one). Control verbs ("agreed to meet") leave the event to their to-clause.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.attrs import POS
from spacy.language import Language
from spacy.tokens import Doc, Token

from tasks.passes.candidates import EventCandidate
from tasks.passes.lexicon import (
    LexiconEntry,
    lexicon_parts_of_speech,
    load_intent_codes,
    load_intent_words,
    trigger_entry,
)
from tasks.passes.syntax import OBJECTS, PASSIVE_SUBJECTS, SPEECH_LEMMAS

# "in talks with", "entered into an agreement": the verb's subject takes part in the noun's event
SUPPORT_PREPOSITIONS = {"in", "into"}
STATIVE_LEMMAS = {"have", "be"}

NAME = "newsflow_event_triggers"


@Language.component(NAME)
def find_triggers(doc: Doc) -> Doc:
    doc._.event_candidates = [found for token in tokens_with_trigger_pos(doc)
                              if (found := trigger_candidate(token)) is not None]
    return doc


def tokens_with_trigger_pos(doc: Doc) -> Iterator[Token]:
    """The tokens whose part of speech some trigger has, found from the Doc's POS array: most
    tokens (names, function words, punctuation) never trigger, and building a Token object
    for each is most of the cost of looking at it."""
    trigger_pos = {doc.vocab.strings[pos] for pos in lexicon_parts_of_speech() | {"AUX"}}
    for index, pos_id in enumerate(doc.to_array(POS).tolist()):
        if pos_id in trigger_pos:
            yield doc[index]


def trigger_candidate(token: Token) -> EventCandidate | None:
    if token.pos_ in {"VERB", "AUX"} and token.dep_ == "amod":
        return None  # a participle describing a noun ("abused victims", "a banned substance")
    found = trigger_entry(token)
    if found is None:
        return None
    key, entry = found
    if entry.kind == "light" and entry.cameo_code and not governs_event(token):
        return own_act(token, key, entry)  # "offered China access": the offer is the act
    if entry.kind in {"light", "reverse_light", "control_planned", "control_negated"}:
        return None  # read from the event they govern (see `governing_verb`)
    if entry.kind == "control" and (not entry.cameo_code or governs_event(token)):
        return None  # "agreed to meet": the to-clause's event is coded, with its modality
    if token.dep_ == "xcomp":
        head = trigger_entry(token.head)
        if head and (head[1].kind == "control_coded" or "+" in head[0]):
            return None  # the control verb already coded this ("threaten to sue")
    code = entry.cameo_code
    governor = governing_verb(token)
    governor_kind = ""
    if governor is not None:
        light = trigger_entry(governor)
        governor_kind = light[1].kind if light else ""
        # a light verb may carry its own code ("lift sanctions" is easing, not imposing); an
        # intent (03: "offer") is only its own act's code, news offering an act mostly reports
        # the act ("offering subsidies" is aid)
        if light and light[1].cameo_code and token.pos_ == "NOUN" and not light[1].cameo_code.startswith("03"):
            code = light[1].cameo_code
    if token.dep_ == "xcomp" and token.head.pos_ == "ADJ" and token.head.lemma_.lower() in load_intent_words():
        code = load_intent_codes().get(code[:2], "030")  # "ready to negotiate": an intent (036)
    complement = None
    if "+" in key:  # "agreed to pay ... to the DoJ": the complement's arguments count
        complement = next((c.i for c in token.children if c.dep_ in {"dobj", "xcomp"}
                           and c.lemma_.lower() == key.split("+")[1]), None)
    return EventCandidate(token.i, key, entry, code, None if governor is None else governor.i,
                          governor_kind, complement)


def own_act(verb: Token, key: str, entry: LexiconEntry) -> EventCandidate:
    """A coded light verb over no event noun codes its own act, when someone named is acted on
    ("offered China access", "offered to supply oil to China": the to-clause's arguments count)."""
    complement = next((c.i for c in verb.children if c.dep_ == "xcomp"), None)
    return EventCandidate(verb.i, key, replace(entry, kind="event", requires="acted_on"), entry.cameo_code,
                          complement=complement)


def governing_verb(token: Token) -> Token | None:
    """For an event noun, the verb it is the object of: a light verb ("offering subsidies"), or
    a verb that is no trigger and no speech verb, which then only carries the noun's actors
    ("the two countries will continue a joint venture agreement"). A measure of the noun
    counts as the noun ("held four days of talks", "signed a number of agreements"), and so
    does being in it ("Shell is in talks with Qatar")."""
    if token.pos_ != "NOUN":
        return None
    noun = token
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head
    head = noun.head
    if noun.dep_ in OBJECTS | PASSIVE_SUBJECTS and head.pos_ in {"VERB", "AUX"}:
        return head if _carries_noun(head) else None
    if noun.dep_ == "pobj" and noun.head.lower_ in SUPPORT_PREPOSITIONS and noun.head.head.pos_ in {"VERB", "AUX"} and (
        noun.tag_ == "NNS" or noun.head.lower_ != "in"  # "in talks", not the idiom "in charge"
    ):
        verb = noun.head.head
        return verb if trigger_entry(verb) is None and verb.lemma_.lower() not in SPEECH_LEMMAS else None
    return None


def _carries_noun(verb: Token) -> bool:
    found = trigger_entry(verb)
    if found is not None:
        return found[1].kind in {"light", "reverse_light"}
    # "have"/"be" state what is, not what happened ("it has an interconnection deal")
    return verb.lemma_.lower() not in SPEECH_LEMMAS | STATIVE_LEMMAS


def governs_event(token: Token) -> bool:
    """Whether a control verb's to-clause is itself an event ("agreed to buy"); when it is not
    ("agreed to establish a body"), the control verb codes its own act."""
    for clause in token.children:
        if clause.dep_ != "xcomp":
            continue
        found = trigger_entry(clause)
        if found is not None and found[1].kind not in {"light", "reverse_light"}:
            return True
        if any(c.dep_ in OBJECTS and trigger_entry(c) is not None for c in clause.children):
            return True  # "agreed to pay a fine": the light verb's noun is the event
    return False
