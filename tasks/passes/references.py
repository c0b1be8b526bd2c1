"""What a noun phrase stands for: the entity mention under it, or, for a pronoun ("he", "it",
"we"), a definite noun ("the firm", "the prime minister", "the government") or a group ("the two
countries", "both sides"), the mention(s) it refers back to.

`DocReferences` indexes one Doc's mentions (from the mention pass) and answers these questions;
the argument pass asks it whether a modifier names an actor, the reference pass resolves every
argument head with it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from tasks.gazetteer import canonical_country_name, is_country_name, place_gazetteer
from tasks.passes.groups import GroupReferences
from tasks.passes.lexicon import load_news_organisations, load_reference_nouns, trigger_entry
from tasks.passes.syntax import (
    CO_SOURCE_PREPOSITIONS,
    PASSIVE_SUBJECTS,
    PLACE_TYPES,
    RELATIVE_PRONOUNS,
    REPORTING_LINKS,
    SPEECH_LEMMAS,
    SUBJECTS,
    objects_of,
    prep_text,
    with_conjuncts,
)

PERSON_TYPES = {"PERSON"}
# A country named as a modifier acts only through a state body ("US officials", "China's
# minister"), not through anyone from it ("a US bank", "British tourists").
COUNTRY_TYPES = {"NORP", "GPE"}
ACTOR_TYPES = {"ORG", "GPE"}  # what "it"/"its" can stand for as an actor
FIRST_PERSON_PRONOUNS = {"i", "me", "my", "we", "us", "our"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "himself", "herself"}
THING_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
# Clauses that describe a noun phrase: their names are not co-subjects of the phrase.
CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp"}
# How far back (in sentences) an anaphor may look for what it refers to.
ANTECEDENT_SENTENCES = 3


_CACHE_KEY = "newsflow.event_references"


def doc_references(doc: Doc) -> DocReferences:
    """The Doc's references index, built once for all the event passes (kept in user_data until
    the coding pass drops it, so it never travels back from a worker process)."""
    found = doc.user_data.get(_CACHE_KEY)
    if found is None:
        found = doc.user_data[_CACHE_KEY] = DocReferences(doc, doc._.mentions or [], doc._.roles or [])
    return found


def forget_doc_references(doc: Doc) -> None:
    doc.user_data.pop(_CACHE_KEY, None)


class DocReferences(GroupReferences):
    def __init__(self, doc: Doc, mentions: list[dict], roles: list[dict]) -> None:
        self.doc = doc
        # token index -> the mention covering it
        self.mention_at: dict[int, dict] = {}
        for mention in mentions:
            span = doc.char_span(mention["start_char"], mention["end_char"], alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.mention_at.setdefault(token.i, mention)
        self.mentions = sorted(mentions, key=lambda m: m["start_char"])
        self.reference_nouns = load_reference_nouns()
        # stated titles ("Home Secretary Charles Clarke"): "the home secretary" refers back
        self.titles = [(role["title"].lower(), role["person_start_char"]) for role in roles]
        self.antecedents: dict[int, dict | None] = {}
        self.index_groups()

    def is_place(self, token: Token) -> bool:
        """Whether the phrase names a place ("in Bolivia", "in the city of El Alto")."""
        return self.place_type(token) is not None

    def place_type(self, token: Token) -> str | None:
        """The entity type of the place the phrase names (GPE, LOC, FAC), None for no place."""
        mention = self.mention_of(token, resolve=False)
        return mention["entity_type"] if mention is not None and mention["entity_type"] in PLACE_TYPES else None

    def resolve_subject(self, subject: Token) -> list[Token]:
        """Subject heads, with relative pronouns replaced by the noun they stand for, and
        co-subjects ("Japan, along with the Netherlands,") added."""
        if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
            subject = subject.head.head
        heads = with_conjuncts(subject)
        # a coordination buried in a long subject ("Japan's Minister of Economy, Trade and
        # Industry Yasutoshi Nishimura and US Secretary ... Gina Raimondo"): names of the same
        # kind joined by "and" inside the subject are co-subjects
        own = self.mention_at.get(subject.i)
        if own is not None:
            # not inside a clause about the subject ("Southcorp, whose brands include
            # Rosemount and Lindemans,": the brands do not act)
            clauses = [c for c in subject.children if c.dep_ in CLAUSE_DEPS]
            inside = {t.i for clause in clauses for t in clause.subtree}
            for token in (t for t in subject.subtree if t.i not in inside):
                other = self.mention_at.get(token.i)
                if token.dep_ == "conj" and other is not None and other is not own and (
                    other["entity_type"] == own["entity_type"]
                ):
                    heads.append(token)
        for child in subject.children:
            if child.dep_ == "prep" and prep_text(child) in CO_SOURCE_PREPOSITIONS:
                heads.extend(objects_of(child))
        return heads

    def mentions_of(self, head: Token, resolve: bool) -> list[dict]:
        """The mention(s) an argument head stands for: its own, or (with `resolve`) what it
        refers back to, a group's members included."""
        mention = self.mention_of(head, resolve=resolve)
        if mention is not None:
            return [mention]
        return self.group_members(head) if resolve else []

    def mention_of(self, head: Token, resolve: bool = True) -> dict | None:
        """The entity mention a noun phrase stands for: the mention covering its head, else the
        name in apposition ("the US giant Monsanto"), else one among its modifiers ("the US
        government", "China's minister", "the US court's jurisdiction", "leaders of the G7",
        "an attempt by Yukos", "a stake in Jagran", "an offer from Everton"), else, with
        `resolve`, what a pronoun or a definite noun ("the firm", "the prime minister") refers
        back to."""
        if head.i in self.mention_at:
            return self.mention_at[head.i]
        for child in head.children:
            if child.dep_ == "appos" and child.i in self.mention_at:
                return self.mention_at[child.i]
        kinds = self.reference_nouns.get(head.lemma_.lower(), ())
        representative = "representative" in kinds
        found = (self._modifier_mention(head, institution="institution" in kinds)
                 or self._possessor_mention(head, resolve=resolve and representative)
                 or self._prepositional_mention(head, representative))
        if found is not None:
            return found
        return (self.antecedent(head) or self.modifying_body(head)) if resolve else None

    def _modifier_mention(self, head: Token, institution: bool) -> dict | None:
        """A name among the head's modifiers ("the US government", "China's minister"). A
        people's name does not stand for its state unless the head is an institution ("a
        British terror suspect", "US insurance executives" are not the state acting)."""
        for child in head.children:
            if child.dep_ in {"compound", "poss", "nmod", "amod"} and child.i in self.mention_at:
                mention = self.mention_at[child.i]
                if mention["entity_type"] in COUNTRY_TYPES and not institution \
                        and self.names_a_people(mention):
                    continue
                return mention
        return None

    def _possessor_mention(self, head: Token, resolve: bool) -> dict | None:
        """"the rapper's spokesman" stands for the rapper, whoever "the rapper" is (resolved
        only when the head is a representative)."""
        for child in head.children:
            if child.dep_ == "poss" and child.pos_ in {"NOUN", "PROPN"}:
                inner = self.mention_of(child, resolve=resolve)
                if inner is not None:
                    return inner
        return None

    def _prepositional_mention(self, head: Token, representative: bool) -> dict | None:
        """"leaders of the G7", "an attempt by Yukos", "a stake in Jagran" (not a place after
        "in"), "a spokesman for X"; "proposals from Rangers": what comes from someone is
        theirs."""
        proposal = head.pos_ == "NOUN" and trigger_entry(head) is not None
        for child in head.children:
            stands_for = child.lower_ in {"of", "by", "in"} or (representative and child.lower_ == "for") \
                or (proposal and child.lower_ == "from")
            if child.dep_ != "prep" or not stands_for:
                continue
            for obj in child.children:
                mention = self.mention_at.get(obj.i) if obj.dep_ == "pobj" else None
                if mention is not None and (child.lower_ != "in" or mention["entity_type"] not in PLACE_TYPES):
                    return mention
        return None

    def modifying_body(self, head: Token) -> dict | None:
        """"a police inquiry" after "West Yorkshire Police", "a government decision" in an
        article about one country: a body named by a common noun before the head is the one the
        article names with that noun."""
        modifiers = [head] if head.dep_ == "compound" else []
        for noun in modifiers + [c for c in head.children if c.dep_ == "compound"]:
            if noun.pos_ != "NOUN" or noun.i in self.mention_at:
                continue
            kinds = self.reference_nouns.get(noun.lemma_.lower(), ())
            found = self.named_by_head_noun(noun) if "institution" in kinds else None
            if found is None and "state" in kinds:
                found = self.article_country(noun)
            if found is not None:
                return found
        return None

    @staticmethod
    def names_a_people(mention: dict) -> bool:
        """A place or a nationality ("US", "British"), not a party or group ("the
        Conservatives' stance", "Tory plans" are the party's)."""
        name = mention["surface"]
        return mention["entity_type"] == "GPE" or is_country_name(name) or (
            name.lower() in place_gazetteer().country_code_of_demonym)

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
            return self._pronoun_antecedent(token, word)
        if token.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        if any(c.dep_ in {"compound", "amod", "nmod"} and c.text[:1].isupper() for c in token.children):
            return None  # "the Labour party" names its own (unrecognised) organisation
        named = self.named_by_head_noun(token)
        if named is not None:
            return named
        kinds = self.reference_nouns.get(token.lemma_.lower(), ())
        if "organisation" in kinds:
            return self.described_as(token) or self.recent(token, {"ORG"}, single=False)
        if "state" in kinds:
            return self.article_country(token)
        if "person" in kinds:
            return self.titled_person(token) or self.described_person(token) or self.main_person(token)
        return self.titled_person(token)

    def _pronoun_antecedent(self, token: Token, word: str) -> dict | None:
        speaker = self.speaker(token)
        if word in FIRST_PERSON_PRONOUNS:
            # "Clarke told the BBC: 'I'm not organising an investigation'"
            return self.mention_of(speaker) if speaker is not None else None
        if word in PLURAL_PRONOUNS:
            # "Rangers said they would not be increasing their offer": a team, firm or country
            # speaks of itself in the plural; elsewhere "they" is too often people left unnamed
            mention = self.mention_of(speaker) if speaker is not None else None
            return mention if mention and mention["entity_type"] in ACTOR_TYPES else None
        wanted = PERSON_TYPES if word in PERSONAL_PRONOUNS else (ACTOR_TYPES if word in THING_PRONOUNS else None)
        if wanted is None:
            return None
        if speaker is not None:
            # "The home secretary said he would ...": he is the speaker, or unknown
            mention = self.mention_of(speaker)
            return mention if mention and mention["entity_type"] in wanted else None
        return self.recent(token, wanted, single=word in THING_PRONOUNS)

    def described_as(self, token: Token) -> dict | None:
        """"the firm" after "water firm Aguas Argentinas" or "the Titan corporation": the latest
        organisation named beside the same noun earlier in the article (news names a firm once
        with its noun, then keeps to the noun)."""
        lemma = token.lemma_.lower()
        for mention in reversed(self.mentions):
            if mention["start_char"] >= token.idx or mention["entity_type"] != "ORG":
                continue
            span = self.doc.char_span(mention["start_char"], mention["end_char"], alignment_mode="expand")
            if span is None:
                continue
            beside = [self.doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(self.doc)]
            if any(t.lemma_.lower() == lemma and t.pos_ == "NOUN" for t in beside):
                return mention
        return None

    def named_by_head_noun(self, token: Token) -> dict | None:
        """"the police" after "Gloucestershire Police", "the executive" after "the Scottish
        Executive", "the council" after "the Media Council": the latest organisation named
        earlier whose name ends in the same noun, else the only one named later."""
        if token.tag_ != "NN" and token.lower_ != "police":
            return None  # "the two banks" is a group
        lemma = token.lemma_.lower()
        named = [m for m in self.mentions if m["entity_type"] == "ORG" and len(m["surface"].split()) > 1
                 and m["surface"].lower().split()[-1] == lemma]
        earlier = [m for m in named if m["start_char"] < token.idx]
        if earlier:
            return earlier[-1]
        # news may name the force only later ("... said Craig Mackey of Gloucestershire Police")
        later = {m["surface"].lower() for m in named}
        return named[0] if len(later) == 1 else None

    def described_person(self, token: Token) -> dict | None:
        """"the singer" after "Oasis singer Liam Gallagher": the latest person named right after
        the same noun earlier in the article."""
        lemma = token.lemma_.lower()
        for mention in reversed(self.mentions):
            if mention["start_char"] >= token.idx or mention["entity_type"] not in PERSON_TYPES:
                continue
            span = self.doc.char_span(mention["start_char"], mention["end_char"], alignment_mode="expand")
            if span is not None and span.start > 0 and self.doc[span.start - 1].lemma_.lower() == lemma:
                return mention
        return None

    def main_person(self, token: Token) -> dict | None:
        """"the star", "the 27-year-old": the person the article is about so far, the one named
        most often (by surname) before it; the latest on a tie."""
        counts: dict[str, list[dict]] = {}
        for mention in self.mentions:
            if mention["start_char"] >= token.idx:
                break
            if mention["entity_type"] in PERSON_TYPES:
                counts.setdefault(mention["surface"].split()[-1].lower(), []).append(mention)
        if not counts:
            return None
        return max(counts.values(), key=lambda found: (len(found), found[-1]["start_char"]))[-1]

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
            if mention is not None and mention["entity_type"] in types and self.in_subject(index) and (
                not self.cited(mention)
            ):
                return mention
        for _ in range(ANTECEDENT_SENTENCES):
            if sentence.start == 0:
                return None
            sentence = self.doc[sentence.start - 1].sent
            subject = next((c for c in sentence.root.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS), None)
            mention = self.mention_of(subject) if subject is not None else None
            if mention is not None and mention["entity_type"] in types and not self.cited(mention):
                return mention
            found = [self.mention_at[t.i] for t in sentence
                     if t.i in self.mention_at and self.mention_at[t.i]["entity_type"] in types
                     and not self.cited(self.mention_at[t.i])]
            distinct = {m["start_char"]: m for m in found}
            if distinct and (not single or len(distinct) == 1):
                return list(distinct.values())[-1]
            if distinct:
                return None  # several candidates: ambiguous
        return None

    def cited(self, mention: dict) -> bool:
        """A news agency or paper the article cites ("told Reuters"): the story's source, not an
        actor "the bank" or "it" refers back to."""
        return mention["surface"].lower().removeprefix("the ") in load_news_organisations()

    def in_subject(self, index: int) -> bool:
        """Whether the token is (part of) a subject: within its own sentence a pronoun refers
        back to an actor in subject position ("Siemens said it would"), not to a name in a
        clause about someone else ("While saying he admired Mr Blair's leadership, he
        criticised")."""
        current = self.doc[index]
        for _ in range(4):
            if current.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
                return True
            if current.dep_ not in {"compound", "conj", "appos", "flat"} or current.head.i == current.i:
                return False
            current = current.head
        return False

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
