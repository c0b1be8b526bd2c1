"""Event candidates from one parsed spaCy Doc: trigger, CAMEO code, modality, arguments.

Triggers come from the lexicon `tasks/data/cameo_triggers.csv` (see its header for the kinds of
entry). Arguments are read off the dependency parse and reported as the spans of the entity
mentions they contain, so that normalisation can link them to canonical entities. A candidate
with no participating entity mention is dropped: it could not be queried by actor anyway.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.attrs import POS
from spacy.tokens import Doc, Span, Token

from tasks.cameo_verbs import code_verb, verb_dictionary
from tasks.entities import canonical_country_name, is_country_name
from tasks.ner import find_roles

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "cameo_triggers.csv"
REFERENCE_NOUNS_PATH = Path(__file__).resolve().parent / "data" / "event_reference_nouns.csv"
GROUP_NOUNS_PATH = Path(__file__).resolve().parent / "data" / "event_group_nouns.csv"
GROUP_SIZES = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10}
CODES_NOT_EVENTS_PATH = Path(__file__).resolve().parent / "data" / "event_codes_not_events.txt"
# A verb known only to the CAMEO dictionary makes an event only when someone is acted on (or
# several actors act together): the dictionary's verbs are loose ("back", "call", "hit").
DICTIONARY_REQUIRES = "target"
# Dependents of a verb whose words a dictionary pattern may name ("accused them OF TORTURE").
PATTERN_DEPENDENTS = {"dobj", "obj", "prep", "prt", "dative", "attr", "oprd", "acomp", "advmod",
                      "npadvmod"}
PATTERN_WORDS = 6

SUBJECTS = {"nsubj", "csubj"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj", "attr"}
# Prepositions whose object is acted on ("meet with X", "sanctions on X", "aid to X").
TARGET_PREPOSITIONS = {"with", "against", "on", "to", "into", "from", "between", "for", "in", "of"}
PLACE_PREPOSITIONS = {"in", "at"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
CO_SOURCE_PREPOSITIONS = {"along with", "together with", "as well as", "alongside"}
SPEECH_LEMMAS = {"say", "tell", "report", "claim", "add", "reveal", "announce", "state",
                 "insist", "believe", "suggest", "indicate", "argue", "allege", "write"}
DENIAL_LEMMAS = {"deny", "reject", "dismiss", "refute", "dispute"}
PLANNED_AUXILIARIES = {"will", "shall", "would", "could", "may", "might", "should", "'ll",
                       "wo"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
PERSON_TYPES = {"PERSON"}
ACTOR_TYPES = {"ORG", "GPE"}  # what "it"/"its" can stand for as an actor
# Pronouns are resolved to the mention they stand for (see `_EventFinder.antecedent`).
FIRST_PERSON_PRONOUNS = {"i", "me", "my", "we", "us", "our"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "himself", "herself"}
THING_PRONOUNS = {"it", "its", "itself"}
REPORTING_LINKS = {"ccomp", "parataxis"}
# How far back (in sentences) an anaphor may look for what it refers to.
ANTECEDENT_SENTENCES = 3


@dataclass(frozen=True)
class LexiconEntry:
    kind: str
    cameo_code: str
    requires: str
    possessor: str = "source"  # role of "X's" on an event noun ("his arrest": target)
    source_preposition: str = ""  # a preposition whose object is the source ("expelled from")


@lru_cache(maxsize=1)
def load_lexicon() -> dict[tuple[str, str], LexiconEntry]:
    """(trigger, pos) -> entry, read once from the data file."""
    with LEXICON_PATH.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            (row["trigger"], row["pos"]): LexiconEntry(
                row["kind"], row["cameo_code"], row["requires"],
                row.get("possessor") or "source", row.get("source_preposition") or "",
            )
            for row in rows
        }


@lru_cache(maxsize=1)
def load_reference_nouns() -> dict[str, frozenset[str]]:
    """noun lemma -> its kinds ('organisation', 'institution'), read once from the data file."""
    kinds: dict[str, set[str]] = {}
    with REFERENCE_NOUNS_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            kinds.setdefault(row["noun"], set()).add(row["kind"])
    return {noun: frozenset(found) for noun, found in kinds.items()}


@lru_cache(maxsize=1)
def load_group_nouns() -> dict[str, frozenset[str]]:
    """noun lemma -> the entity types a group of them may be ("country" -> GPE)."""
    with GROUP_NOUNS_PATH.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["noun"]: frozenset(row["types"].split("|")) for row in rows}


@lru_cache(maxsize=1)
def codes_not_events() -> frozenset[str]:
    """CAMEO codes (and roots) the dictionary gives that are statements, not events."""
    lines = CODES_NOT_EVENTS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip())


@lru_cache(maxsize=1)
def _lexicon_heads() -> frozenset[tuple[str, str]]:
    """(first word of a trigger, pos): the words worth a closer look."""
    return frozenset((re.split(r"[ +]", trigger)[0], pos) for trigger, pos in load_lexicon())


@lru_cache(maxsize=1)
def _lexicon_parts_of_speech() -> frozenset[str]:
    return frozenset(pos for _, pos in load_lexicon())


def find_events(doc: Doc, mentions: list[dict],
                roles: list[dict] | None = None) -> tuple[list[dict], list[dict]]:
    """Event rows (see tasks.extract.EVENT_SCHEMA) and their argument rows (ARGUMENT_SCHEMA).
    `roles` are `tasks.ner.find_roles(doc, mentions)`, found again when not given."""
    finder = _EventFinder(doc, mentions, roles)
    events: list[dict] = []
    arguments: list[dict] = []
    seen: set[tuple[int, str]] = set()
    for token in _tokens_with_trigger_pos(doc):
        candidate = finder.candidate(token)
        if candidate is None:
            continue
        event, roles = candidate
        if (event["start_char"], event["cameo_code"]) in seen:
            continue
        seen.add((event["start_char"], event["cameo_code"]))
        event_key = len(events)
        events.append({"event_key": event_key, **event})
        arguments.extend({"event_key": event_key, **role} for role in roles)
    return events, arguments


def _tokens_with_trigger_pos(doc: Doc) -> Iterator[Token]:
    """The tokens whose part of speech some trigger has, found from the Doc's POS array: most
    tokens (names, function words, punctuation) never trigger, and building a Token object
    for each is most of the cost of looking at it."""
    trigger_pos = {doc.vocab.strings[pos] for pos in _lexicon_parts_of_speech() | {"AUX"}}
    pos_ids = doc.to_array(POS).tolist()
    for index, pos_id in enumerate(pos_ids):
        if pos_id in trigger_pos:
            yield doc[index]


class _EventFinder:
    def __init__(self, doc: Doc, mentions: list[dict], roles: list[dict] | None) -> None:
        self.doc = doc
        self.lexicon = load_lexicon()
        self.lexicon_heads = _lexicon_heads()
        self.lexicon_pos = _lexicon_parts_of_speech()
        self.sentence_of = {sent.start: i for i, sent in enumerate(doc.sents)}
        # token index -> the mention covering it
        self.mention_at: dict[int, dict] = {}
        for mention in mentions:
            span = doc.char_span(mention["start_char"], mention["end_char"],
                                 alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.mention_at.setdefault(token.i, mention)
        self.dates = [ent for ent in doc.ents if ent.label_ in {"DATE", "TIME"}]
        self.mentions = sorted(mentions, key=lambda m: m["start_char"])
        self.reference_nouns = load_reference_nouns()
        # stated titles ("Home Secretary Charles Clarke"): "the home secretary" refers back
        self.titles = [
            (role["title"].lower(), role["person_start_char"])
            for role in (find_roles(doc, mentions) if roles is None else roles)
        ]
        self.antecedents: dict[int, dict | None] = {}

    # --- triggers -------------------------------------------------------------------------

    def entry(self, token: Token) -> tuple[str, LexiconEntry] | None:
        """The lexicon entry this token triggers, most specific first."""
        pos = "VERB" if token.pos_ in {"VERB", "AUX"} else token.pos_
        if pos not in self.lexicon_pos:  # most tokens: no trigger of their kind exists
            return None
        # the first reading of the word the lexicon knows (spaCy lemmatises "fined" as "fin")
        lemma = next((candidate for candidate in _lemma_candidates(token)
                      if (candidate, pos) in self.lexicon_heads), token.lemma_.lower())
        for child in token.children:
            if child.dep_ in {"prt", "prep", "dobj", "xcomp"}:
                phrase_keys = [f"{lemma} {child.lower_}", f"{lemma} {child.lemma_.lower()}"]
                if child.dep_ in {"dobj", "xcomp"}:
                    phrase_keys = [f"{lemma}+{child.lemma_.lower()}"]
                for key in phrase_keys:
                    if (key, pos) in self.lexicon:
                        return key, self.lexicon[(key, pos)]
        if pos == "NOUN":
            # "export controls", "legal action": a modifier right before the noun
            compound = [c for c in token.children
                        if c.dep_ in {"compound", "amod"} and c.i == token.i - 1]
            if compound:
                key = f"{compound[0].lemma_.lower()} {lemma}"
                if (key, pos) in self.lexicon:
                    return key, self.lexicon[(key, pos)]
            if token.dep_ == "compound":
                return None  # "export" in "export controls" is read from its head
        if (lemma, pos) in self.lexicon:
            return lemma, self.lexicon[(lemma, pos)]
        if pos == "VERB":
            return self.dictionary_entry(token)
        return None

    def dictionary_entry(self, token: Token) -> tuple[str, LexiconEntry] | None:
        """The CAMEO verb dictionary's reading of a verb the hand lexicon does not know: its
        phrasal form first ("ask for"), coded by the largest pattern that fits the words
        around it, else by its own code. Codes that are statements, not events, are left out."""
        dictionary = verb_dictionary()
        lemmas = _lemma_candidates(token)
        if lemmas[0] in SPEECH_LEMMAS:  # what was said is coded from the reported clause
            return None
        particles = [c.lower_ for c in token.children if c.dep_ in {"prt", "prep"}]
        entry = next((dictionary[f"{lemma} {particle}"] for lemma in lemmas for particle in particles
                      if f"{lemma} {particle}" in dictionary), None)
        entry = entry or next((dictionary[lemma] for lemma in lemmas if lemma in dictionary), None)
        if entry is None:
            return None
        before, after = _phrase_words(token)
        code, _ = code_verb(entry, before, after)
        if code is None or code[:3] in codes_not_events() or code[:2] in codes_not_events():
            return None
        return entry.verb, LexiconEntry("event", code, DICTIONARY_REQUIRES)

    def candidate(self, token: Token) -> tuple[dict, list[dict]] | None:
        found = self.entry(token)
        if found is None:
            return None
        key, entry = found
        if entry.kind in {"light", "reverse_light", "control_planned"}:
            return None  # read from the event they govern (see `governing_verb`)
        if entry.kind == "control" and (not entry.cameo_code or self.governs_event(token)):
            return None  # "agreed to meet": the to-clause's event is coded, with its modality
        if token.dep_ == "xcomp":
            head = self.entry(token.head)
            if head and (head[1].kind == "control_coded" or "+" in head[0]):
                return None  # the control verb already coded this ("threaten to sue")
        code = entry.cameo_code
        governor = self.governing_verb(token)
        # a light verb may carry its own code ("lift sanctions" is easing, not imposing)
        if governor is not None and token.pos_ == "NOUN":
            light = self.entry(governor)
            if light and light[1].cameo_code:
                code = light[1].cameo_code
        complement = None
        if "+" in key:  # "agreed to pay ... to the DoJ": the complement's arguments count
            complement = next((c for c in token.children if c.dep_ in {"dobj", "xcomp"}
                               and c.lemma_.lower() == key.split("+")[1]), None)
        roles = self.participants(token, governor, complement, entry)
        if not roles or not self.requirement_met(token, governor, entry, roles):
            return None
        location = self.location(token, governor)
        date_text = self.date_text(token, governor)
        modality = self.modality(token)
        confidence = 0.9 if token.pos_ != "NOUN" else 0.7
        if not any(r["role"] == "source" for r in roles):
            confidence -= 0.2
        if _in_background_clause(governor or token):
            confidence -= 0.1  # told in passing ("Johnson, who was forced to apologise, ...")
        event = {
            "sentence_index": self.sentence_of.get(token.sent.start, 0),
            "trigger": token.text if governor is None else _trigger_text(governor, token),
            "trigger_lemma": key,
            "start_char": token.idx, "end_char": token.idx + len(token.text),
            "cameo_code": code, "modality": modality, "date_text": date_text,
            "location_start_char": location["start_char"] if location else None,
            "location_end_char": location["end_char"] if location else None,
            "confidence": round(confidence, 2),
        }
        return event, [
            {"role": r["role"], "start_char": r["start_char"], "end_char": r["end_char"]}
            for r in roles
        ]

    def governs_event(self, token: Token) -> bool:
        """Whether a control verb's to-clause is itself an event ("agreed to buy"); when it is
        not ("agreed to establish a body"), the control verb codes its own act."""
        for clause in token.children:
            if clause.dep_ != "xcomp":
                continue
            found = self.entry(clause)
            if found is not None and found[1].kind not in {"light", "reverse_light"}:
                return True
            if any(c.dep_ in OBJECTS and self.entry(c) is not None for c in clause.children):
                return True  # "agreed to pay a fine": the light verb's noun is the event
        return False

    def requirement_met(self, token: Token, governor: Token | None, entry: LexiconEntry,
                        roles: list[dict]) -> bool:
        """The lexicon's `requires` condition, which keeps loose words from making events."""
        sources = [r for r in roles if r["role"] == "source"]
        targets = [r for r in roles if r["role"] == "target"]
        joint = len(sources) >= 2  # "A and B will meet"
        if entry.requires == "target":
            # someone named is acted on, or several act together, or a named actor acts on a
            # stated object ("Iranian authorities arrested about 20 journalists")
            met = bool(targets) or joint or (bool(sources) and self.has_object(governor or token))
        elif entry.requires == "person_target":
            met = any(r["entity_type"] in PERSON_TYPES for r in targets)
        elif entry.requires == "source":  # "threatened with collapse" has no one threatening
            met = bool(sources)
        elif entry.requires == "reciprocal":  # "EU ministers are meeting": a group meets
            met = bool(targets) or joint or self.plural_subject(governor or token)
        elif entry.requires == "object":  # "urged the men to step down": someone is urged
            met = bool(targets) or any(
                c.dep_ in OBJECTS | {"dative", "xcomp", "ccomp"} for c in token.children
            )
        else:
            met = True
        if met and entry.requires in {"target", "person_target"} and not sources and (
            self.agentless_active(token)
        ):
            return False  # "the decision to buy the shares": nobody is said to act
        return met

    def has_object(self, predicate: Token) -> bool:
        """Whether a verb states what it acts on: a direct object or a passive subject."""
        return predicate.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in OBJECTS | PASSIVE_SUBJECTS | {"dative"} for c in predicate.children)

    def agentless_active(self, token: Token) -> bool:
        """An active verb with no subject anywhere up its clause chain and no "by" agent."""
        if token.pos_ not in {"VERB", "AUX"}:
            return False
        passive = any(c.dep_ in {"auxpass", "agent"} for c in token.children) or (
            token.dep_ == "acl" and token.tag_ == "VBN"
        )
        return not passive and self.subject_clause(token)[0] is None

    def plural_subject(self, predicate: Token) -> bool:
        holder = self.subject_clause(predicate)[0]
        return holder is not None and any(
            c.dep_ in SUBJECTS and (c.tag_ in {"NNS", "NNPS"} or c.conjuncts)
            for c in holder.children
        )

    def governing_verb(self, token: Token) -> Token | None:
        """For an event noun, the light verb whose object it is ("offering subsidies")."""
        if token.pos_ != "NOUN":
            return None
        head = token.head
        if token.dep_ in OBJECTS | PASSIVE_SUBJECTS and head.pos_ in {"VERB", "AUX"}:
            found = self.entry(head)
            if found and found[1].kind in {"light", "reverse_light"}:
                return head
        return None

    # --- arguments ------------------------------------------------------------------------

    def participants(self, token: Token, governor: Token | None, complement: Token | None,
                     entry: LexiconEntry) -> list[dict]:
        """Source/target mentions of the event triggered by `token`."""
        sources: list[Token] = []
        targets: list[Token] = []
        predicate = governor if governor is not None else token
        reverse = governor is not None and self.entry(governor)[1].kind == "reverse_light"
        subject_holder, raised = self.subject_clause(predicate)
        for child in subject_holder.children if subject_holder is not None else []:
            if child.dep_ in SUBJECTS:
                (targets if reverse else sources).extend(self.resolve_subject(child))
            elif child.dep_ in PASSIVE_SUBJECTS:
                # "ministers are thought to support X", "X was forced to apologise": the
                # passive subject of the verb above is the doer of the to-clause
                (sources if raised else targets).extend(self.resolve_subject(child))
        if predicate.dep_ == "acl" and predicate.pos_ == "VERB":
            # "Margaret Hassan, kidnapped in Iraq" / "a firm making chips"
            if predicate.tag_ == "VBN":
                targets.append(predicate.head)
            elif predicate.tag_ == "VBG":
                sources.append(predicate.head)
        if subject_holder is not None:
            for child in subject_holder.children:  # "Japan, along with the Netherlands, agreed"
                if child.dep_ == "prep" and _prep_text(child) in CO_SOURCE_PREPOSITIONS:
                    sources.extend(_objects_of(child))
        if token.pos_ == "NOUN":
            for clause in token.children:  # "controls that will limit sales in China"
                if clause.dep_ == "relcl":
                    for child in clause.children:
                        if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                            targets.extend(_objects_of(child))
        for child in predicate.children:
            if child.dep_ == "agent":
                sources.extend(_objects_of(child))
        verbs = [predicate] + ([complement] if complement is not None else [])
        for verb in verbs:
            if verb.pos_ not in {"VERB", "AUX"}:
                continue
            for child in verb.children:
                if child.dep_ in OBJECTS and child.i not in {token.i, getattr(complement, "i", -1)}:
                    targets.extend(_with_conjuncts(child))
                elif child.dep_ == "dative":
                    targets.extend(_objects_of(child) or [child])
        prep_holders = [token] + [h for h in (governor, complement) if h is not None]
        for holder in prep_holders:
            for child in holder.children:
                text = _prep_text(child)
                if child.dep_ != "prep":
                    continue
                if text in CO_SOURCE_PREPOSITIONS or (text == "from" and reverse) or (
                    text == entry.source_preposition
                ):
                    sources.extend(_objects_of(child))
                elif text == "between":
                    objects = _objects_of(child)
                    sources.extend(objects[:1])
                    targets.extend(objects[1:])
                elif text in TARGET_PREPOSITIONS - {"in", "from"} or (
                    text == "in" and holder.pos_ == "NOUN"
                ):
                    for obj in _objects_of(child):
                        if not self._is_place(obj) or text not in PLACE_PREPOSITIONS:
                            targets.append(obj)
        if token.pos_ == "NOUN":
            # "China's sanctions" (the possessor acts) / "his arrest" (the possessor undergoes)
            for child in token.children:
                if child.dep_ in {"poss", "compound", "amod", "nmod"} and self.mention_of(child):
                    if entry.possessor == "target":
                        targets.append(child)
                    elif not sources:
                        sources.append(child)
        rows: list[dict] = []
        taken: set[int] = set()
        # names stated in the clause first; a pronoun or "the regulator" may not take the
        # place of an entity the clause itself names in another role
        for resolve in (False, True):
            for role, heads in (("source", sources), ("target", targets)):
                for head in heads:
                    mention = self.mention_of(head, resolve=resolve)
                    members = [mention] if mention is not None else (
                        self.group_members(head) if resolve else [])
                    for member in members:
                        if member["start_char"] in taken:
                            continue
                        taken.add(member["start_char"])
                        rows.append({"role": role, "start_char": member["start_char"],
                                     "end_char": member["end_char"],
                                     "entity_type": member["entity_type"]})
        return rows

    def subject_clause(self, predicate: Token) -> tuple[Token | None, bool]:
        """The verb whose subject is this event's subject: itself, the control verb it is the
        to-clause of ("agreed to cooperate"), the verb a purpose clause depends on ("stepped in
        to rescue it"), or the first verb of a coordination; and whether a to-clause was
        climbed (then a passive subject up there is this event's doer)."""
        current = predicate
        raised = False
        for _ in range(6):
            if any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS for c in current.children):
                return current, raised
            purpose = current.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in current.children
            )
            if (current.dep_ in {"xcomp", "conj", "acomp"} or purpose) and (
                current.head.i != current.i
            ):
                raised = raised or current.dep_ == "xcomp" or purpose
                current = current.head
                continue
            return None, raised
        return None, raised

    def resolve_subject(self, subject: Token) -> list[Token]:
        """Subject heads, with relative pronouns replaced by the noun they stand for, and
        co-subjects ("Japan, along with the Netherlands,") added."""
        if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
            subject = subject.head.head
        heads = _with_conjuncts(subject)
        # a coordination buried in a long subject ("Japan's Minister of Economy, Trade and
        # Industry Yasutoshi Nishimura and US Secretary ... Gina Raimondo"): names of the same
        # kind joined by "and" inside the subject are co-subjects
        own = self.mention_at.get(subject.i)
        if own is not None:
            for token in subject.subtree:
                other = self.mention_at.get(token.i)
                if token.dep_ == "conj" and other is not None and other is not own and (
                    other["entity_type"] == own["entity_type"]
                ):
                    heads.append(token)
        for child in subject.children:
            if child.dep_ == "prep" and _prep_text(child) in CO_SOURCE_PREPOSITIONS:
                heads.extend(_objects_of(child))
        return heads

    def mention_of(self, head: Token, resolve: bool = True) -> dict | None:
        """The entity mention a noun phrase stands for: the mention covering its head, else the
        name in apposition ("the US giant Monsanto"), else one among its modifiers ("the US
        government", "China's minister", "the US court's jurisdiction", "leaders of the G7",
        "an attempt by Yukos", "a stake in Jagran"), else, with `resolve`, what a pronoun or
        a definite noun ("the firm", "the prime minister") refers back to."""
        if head.i in self.mention_at:
            return self.mention_at[head.i]
        for child in head.children:
            if child.dep_ == "appos" and child.i in self.mention_at:
                return self.mention_at[child.i]
        institution = "institution" in self.reference_nouns.get(head.lemma_.lower(), ())
        for child in head.children:
            if child.dep_ in {"compound", "poss", "nmod", "amod"} and (
                child.i in self.mention_at
            ):
                mention = self.mention_at[child.i]
                if mention["entity_type"] == "NORP" and not institution:
                    continue  # "a British terror suspect" is not Britain acting
                return mention
        for child in head.children:
            if child.dep_ == "poss" and child.pos_ in {"NOUN", "PROPN"}:
                inner = self.mention_of(child, resolve=False)
                if inner is not None:
                    return inner
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"of", "by", "in"}:
                for obj in child.children:
                    mention = self.mention_at.get(obj.i) if obj.dep_ == "pobj" else None
                    if mention is not None and (
                        child.lower_ != "in" or mention["entity_type"] not in PLACE_TYPES
                    ):
                        return mention
        return self.antecedent(head) if resolve else None

    # --- reference: pronouns and definite nouns -------------------------------------------

    def antecedent(self, token: Token) -> dict | None:
        """The mention a pronoun or a definite noun phrase refers back to (memoised; None
        while being resolved, which stops cycles)."""
        if token.i not in self.antecedents:
            self.antecedents[token.i] = None
            self.antecedents[token.i] = self._find_antecedent(token)
        return self.antecedents[token.i]

    def _find_antecedent(self, token: Token) -> dict | None:
        word = token.lower_
        if token.pos_ == "PRON":
            speaker = self.speaker(token)
            if word in FIRST_PERSON_PRONOUNS:
                # "Clarke told the BBC: 'I'm not organising an investigation'"
                return self.mention_of(speaker) if speaker is not None else None
            wanted = PERSON_TYPES if word in PERSONAL_PRONOUNS else (
                ACTOR_TYPES if word in THING_PRONOUNS else None)
            if wanted is None:
                return None
            if speaker is not None:
                # "The home secretary said he would ...": he is the speaker, or unknown
                mention = self.mention_of(speaker)
                return mention if mention and mention["entity_type"] in wanted else None
            return self.recent(token, wanted, single=word in THING_PRONOUNS)
        if token.pos_ != "NOUN" or not any(
            c.dep_ == "det" and c.lower_ == "the" for c in token.children
        ):
            return None
        if any(c.dep_ in {"compound", "amod", "nmod"} and c.text[:1].isupper()
               for c in token.children):
            return None  # "the Labour party" names its own (unrecognised) organisation
        if "organisation" in self.reference_nouns.get(token.lemma_.lower(), ()):
            return self.recent(token, {"ORG"}, single=False)
        if "state" in self.reference_nouns.get(token.lemma_.lower(), ()):
            return self.article_country(token)
        return self.titled_person(token)

    def article_country(self, token: Token) -> dict | None:
        """The country the article is about, for "the government": the country named most
        often up to here, when it is named at least twice and more often than any other; its
        latest mention stands for it."""
        counts: dict[str, list[dict]] = {}
        for mention in self.mentions:
            if mention["start_char"] >= token.idx:
                break
            if mention["entity_type"] == "GPE" and is_country_name(mention["surface"]):
                key = canonical_country_name(mention["surface"]) or mention["surface"]
                counts.setdefault(key, []).append(mention)
        ranked = sorted(counts.values(), key=len, reverse=True)
        if not ranked or len(ranked[0]) < 2 or (len(ranked) > 1 and len(ranked[1]) == len(ranked[0])):
            return None
        return ranked[0][-1]

    def group_members(self, token: Token) -> list[dict]:
        """"the two countries", "both sides", "the three men": the last that many distinct
        actors of a fitting type named before, in this sentence or the few before it; nothing
        when fewer are found."""
        types = load_group_nouns().get(token.lemma_.lower())
        if types is None or token.tag_ not in {"NNS", "NNPS"}:
            return []
        size = next((GROUP_SIZES[c.lower_] for c in token.children
                     if c.dep_ in {"nummod", "predet", "det"} and c.lower_ in GROUP_SIZES), None)
        if size is None:
            return []
        first = self.doc[max(token.sent.start - 1, 0)].sent.start
        for _ in range(ANTECEDENT_SENTENCES - 1):
            first = self.doc[max(first - 1, 0)].sent.start
        found: dict[str, dict] = {}
        for index in range(token.i - 1, first - 1, -1):
            mention = self.mention_at.get(index)
            if mention is None or mention["entity_type"] not in types:
                continue
            found.setdefault(mention["surface"].lower(), mention)
            if len(found) == size:
                return list(found.values())
        return []

    def speaker(self, token: Token) -> Token | None:
        """The subject of the speech verb whose reported clause holds `token`, if any."""
        current = token
        for _ in range(10):
            if current.head.i == current.i:
                return None
            link, current = current.dep_, current.head
            if link in REPORTING_LINKS and current.lemma_.lower() in SPEECH_LEMMAS:
                return next((c for c in current.children if c.dep_ in SUBJECTS), None)
        return None

    def recent(self, token: Token, types: set[str], single: bool) -> dict | None:
        """The nearest earlier mention of `types`: in this sentence, else the subject of an
        earlier sentence (or, for "it", the only candidate there; for people, the last one)."""
        sentence = token.sent
        for index in range(token.i - 1, sentence.start - 1, -1):
            mention = self.mention_at.get(index)
            if mention is not None and mention["entity_type"] in types:
                return mention
        for _ in range(ANTECEDENT_SENTENCES):
            if sentence.start == 0:
                return None
            sentence = self.doc[sentence.start - 1].sent
            subject = next((c for c in sentence.root.children
                            if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS), None)
            mention = self.mention_of(subject) if subject is not None else None
            if mention is not None and mention["entity_type"] in types:
                return mention
            found = [self.mention_at[t.i] for t in sentence if t.i in self.mention_at
                     and self.mention_at[t.i]["entity_type"] in types]
            distinct = {m["start_char"]: m for m in found}
            if distinct and (not single or len(distinct) == 1):
                return list(distinct.values())[-1]
            if distinct:
                return None  # several candidates: ambiguous
        return None

    def titled_person(self, token: Token) -> dict | None:
        """"the prime minister", "the judge": the person named earlier with that title."""
        words = [c.lower_ for c in token.lefts if c.dep_ in {"compound", "amod"}]
        phrase = " ".join([*words, token.lower_])
        matches = [start for title, start in self.titles
                   if start < token.idx and (title == phrase or title.endswith(" " + phrase))]
        if not matches:
            return None
        start = max(matches)
        return next((m for m in self.mentions if m["start_char"] == start), None)

    def _is_place(self, token: Token) -> bool:
        mention = self.mention_at.get(token.i)
        return mention is not None and mention["entity_type"] in PLACE_TYPES

    def location(self, token: Token, governor: Token | None) -> dict | None:
        """First place named by "in X" / "at X" / "at a meeting in X" on the trigger."""
        holders = [governor or token]
        if governor is None and token.dep_ == "xcomp":
            holders.append(token.head)
        for holder in holders:
            for child in holder.children:
                if child.dep_ != "prep" or child.lower_ not in PLACE_PREPOSITIONS:
                    continue
                for obj in _objects_of(child):
                    if self._is_place(obj):
                        return self.mention_at[obj.i]
                    for inner in obj.children:  # "at a meeting in Hiroshima"
                        if inner.dep_ == "prep" and inner.lower_ in PLACE_PREPOSITIONS:
                            for place in _objects_of(inner):
                                if self._is_place(place):
                                    return self.mention_at[place.i]
        return None

    def date_text(self, token: Token, governor: Token | None) -> str | None:
        """A DATE entity attached to the trigger (or its light/control verb)."""
        anchors = {token.i}
        if governor is not None:
            anchors.add(governor.i)
        if token.dep_ == "xcomp":
            anchors.add(token.head.i)
        for ent in self.dates:
            root = ent.root
            head = root.head
            if head.dep_ == "prep":
                head = head.head
            if head.i in anchors and root.sent == token.sent:
                return _date_phrase(ent)
        return None

    # --- modality -------------------------------------------------------------------------

    def modality(self, token: Token) -> str:
        chain = _clause_chain(token)
        for link in chain:
            if any(c.dep_ == "neg" for c in link.children):
                return "negated"
        if _denied_content(chain[-1]):
            return "negated"
        for link in chain:
            if any(c.dep_ == "aux" and c.lower_ in PLANNED_AUXILIARIES for c in link.children):
                return "planned"
            if link.i != token.i:
                found = self.entry(link)
                if found and found[1].kind == "control_planned":
                    return "planned"
            if link.lemma_.lower() == "be" and any(
                c.dep_ == "xcomp" and c.tag_ == "VB" for c in link.children
            ):
                return "planned"  # "are to discuss"
            if link.tag_ == "VBG" and link.dep_ in {"ROOT", "conj"} and any(
                c.dep_ == "npadvmod" or (c.dep_ == "prep" and c.lower_ == "on")
                for c in link.children
            ) and any(ent.label_ == "DATE" for ent in link.doc.ents
                      if ent.root.head in (link, *link.children)):
                return "planned"  # "ministers are meeting on Thursday"
        top = chain[-1]
        if top.dep_ in {"ccomp", "xcomp"} and top.head.lemma_.lower() in SPEECH_LEMMAS and (
            top.head.i < token.i
        ):
            return "reported"
        return "asserted"


def _in_background_clause(token: Token) -> bool:
    """Whether the trigger sits in a relative clause or a participle modifying a noun."""
    current = token
    for _ in range(12):
        if current.dep_ in {"relcl", "acl"}:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _denied_content(top: Token) -> bool:
    """"He denied a report that he planned to ...": the clause is the content of a noun that a
    denial verb takes as object."""
    if top.dep_ != "acl" or top.head.dep_ not in OBJECTS:
        return False
    return top.head.head.lemma_.lower() in DENIAL_LEMMAS


def _clause_chain(token: Token) -> list[Token]:
    """The trigger and the verbs it is the complement/object of, up to its own clause."""
    chain = [token]
    current = token
    while current.dep_ in {"xcomp", "dobj", "pobj", "prep", "acomp", "nsubjpass"} and (
        current.head.i != current.i
    ):
        current = current.head
        if current.pos_ in {"VERB", "AUX", "ADJ"}:
            chain.append(current)
        if current.dep_ not in {"xcomp", "dobj", "pobj", "prep", "acomp"}:
            break
    return chain


def _with_conjuncts(token: Token) -> list[Token]:
    """The phrase head, its coordinated heads and their appositions ("Vivendi, its chief
    executive Jean-Rene Fourtou and ... Jean-Bernard Levy")."""
    heads = [token, *token.conjuncts]
    for head in list(heads):
        for child in head.children:
            if child.dep_ == "appos":
                heads.extend([child, *child.conjuncts])
    return heads


def _objects_of(preposition: Token) -> list[Token]:
    objects: list[Token] = []
    for child in preposition.children:
        if child.dep_ in {"pobj", "pcomp"}:
            objects.extend(_with_conjuncts(child))
        elif child.dep_ == "prep":  # "along with": with -> pobj
            objects.extend(_objects_of(child))
    return objects


def _prep_text(token: Token) -> str:
    """'along with' for the multi-word prepositions spaCy parses as prep -> prep."""
    inner = [c for c in token.children if c.dep_ == "prep"]
    if token.dep_ in {"prep", "advmod"} and inner and not any(
        c.dep_ == "pobj" for c in token.children
    ):
        return f"{token.lower_} {inner[0].lower_}"
    return token.lower_


def _trigger_text(governor: Token, token: Token) -> str:
    start, end = sorted((governor.i, token.i))
    return governor.doc[start:end + 1].text if end - start <= 6 else token.text


def _date_phrase(ent: Span) -> str:
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.dep_ == "prep" and before.lower_ in {"on", "in", "at"}:
        return f"{before.text} {ent.text}"
    return ent.text


def _lemma_candidates(token: Token) -> list[str]:
    """spaCy's lemma, then regular-inflection readings of the word for when the lemmatiser
    guessed wrong ("fined" -> "fin" instead of "fine")."""
    word = token.lower_
    candidates = [token.lemma_.lower()]
    if token.tag_ in {"VBD", "VBN"} and word.endswith("ed"):
        candidates += [word[:-1], word[:-2]]
    elif token.tag_ == "VBG" and word.endswith("ing"):
        candidates += [word[:-3] + "e", word[:-3]]
    elif token.tag_ == "VBZ" and word.endswith("s"):
        candidates += [word[:-1]]
    return candidates


def _phrase_words(verb: Token) -> tuple[list[str], list[str]]:
    """The lower-case words of the verb's phrase before it (its subject side) and after it (its
    objects, particles and prepositional phrases), in text order, a few of each."""
    after = sorted((t for child in verb.rights if child.dep_ in PATTERN_DEPENDENTS
                    for t in child.subtree if not t.is_punct), key=lambda t: t.i)
    before = sorted((t for child in verb.lefts if child.dep_ not in {"punct", "aux", "neg"}
                     for t in child.subtree if not t.is_punct), key=lambda t: t.i)
    return [t.lower_ for t in before][-PATTERN_WORDS:], [t.lower_ for t in after][:PATTERN_WORDS]
