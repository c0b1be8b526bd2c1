"""Groups an argument may name: "the two countries", "both sides", "the three men", "Both" alone
stand for that many actors named just before (the members), a country counted once whether
named, by its capital or by its adjective. `GroupReferences` is the part of
`tasks.passes.references.DocReferences` that answers this; it reads the Doc's mention index.
"""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Doc, Token

from tasks.gazetteer import is_country_name, place_gazetteer
from tasks.passes.lexicon import load_group_nouns
from tasks.passes.syntax import PASSIVE_SUBJECTS, PLACE_PREPOSITIONS, SUBJECTS

GROUP_SIZES = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10}
# How far back (in sentences) a group phrase may look for its members.
GROUP_SENTENCES = 3


def country_code_of(surface: str, entity_type: str) -> str | None:
    """The country a country's name ("the U.S."), its capital ("Beijing", its government in
    news) or adjective ("Venezuelan") stands for."""
    gazetteer = place_gazetteer()
    lowered = surface.lower().removeprefix("the ")
    if entity_type == "NORP":
        return gazetteer.country_code_of_demonym.get(lowered)
    if entity_type == "GPE":
        return gazetteer.country_code_of_country.get(lowered) or gazetteer.country_code_of_capital.get(lowered)
    return None


class GroupReferences:
    """Group resolution over a Doc's mentions (`mention_at`: token index -> mention)."""

    doc: Doc
    mention_at: dict[int, dict]
    mentions: list[dict]

    def index_groups(self) -> None:
        self.groups: dict[tuple[str, int], list[dict]] = {}  # (noun, size) -> members it had last
        self.resolving_groups: set[int] = set()  # group tokens being resolved (stops cycles)

    @cached_property
    def country_mentions(self) -> dict[str, dict]:
        """Country code -> the first mention naming that country: a member named by its adjective
        stands for it. Built only for a Doc with a group phrase, on first use."""
        found: dict[str, dict] = {}
        for mention in self.mentions:
            code = country_code_of(mention["surface"], mention["entity_type"])
            if code is not None and mention["entity_type"] == "GPE" and is_country_name(mention["surface"]):
                found.setdefault(code, mention)
        return found

    def group_members(self, token: Token) -> list[dict]:
        """"the two countries", "both sides", "the three men", "both" alone: the last that many
        distinct actors of a fitting type named before, in this sentence or the few before it;
        else the members the same group phrase had last time ("the two countries" again, a
        paragraph on); nothing when fewer are found."""
        size = self.group_size(token)
        if size is None:
            return []
        key = (token.lemma_.lower(), size)
        found = self.group_members_in_window(token, size)
        if found:
            self.groups[key] = found
        return found or self.groups.get(key, []) or self.group_named_before(token, size)

    def group_named_before(self, token: Token, size: int) -> list[dict]:
        """"... relations between the two countries. Both exchanged prisoners": the members of a
        group phrase of the same size just before, in this sentence or the previous one."""
        start = self.doc[max(token.sent.start - 1, 0)].sent.start
        for index in range(token.i - 1, start - 1, -1):
            other = self.doc[index]
            if other.i in self.resolving_groups or self.group_size(other) != size:
                continue
            self.resolving_groups.add(token.i)
            try:
                found = self.group_members(other)
            finally:
                self.resolving_groups.discard(token.i)
            if found:
                return found
        return []

    def group_size(self, token: Token) -> int | None:
        if token.lemma_.lower() not in load_group_nouns():
            return None
        if token.lower_ == "both" and token.dep_ in SUBJECTS | PASSIVE_SUBJECTS:
            return 2  # "Both exchanged prisoners"
        if token.tag_ not in {"NNS", "NNPS"}:
            return None
        return next((GROUP_SIZES[c.lower_] for c in token.children
                     if c.dep_ in {"nummod", "predet", "det"} and c.lower_ in GROUP_SIZES), None)

    def group_members_in_window(self, token: Token, size: int) -> list[dict]:
        types = load_group_nouns().get(token.lemma_.lower())
        if types is None:
            return []
        first = self.doc[max(token.sent.start - 1, 0)].sent.start
        for _ in range(GROUP_SENTENCES - 1):
            first = self.doc[max(first - 1, 0)].sent.start
        found: dict[str, dict] = {}
        for index in range(token.i - 1, first - 1, -1):
            mention = self.mention_at.get(index)
            if mention is None or mention["entity_type"] not in types:
                continue
            member = self.member_key(mention, self.doc[index], countries_only="NORP" in types)
            if member is None:
                continue
            found.setdefault(member, self.country_mentions.get(member, mention))
            if len(found) == size:
                return list(found.values())
        return []

    def member_key(self, mention: dict, token: Token, countries_only: bool) -> str | None:
        """One key per actor: a country, whether named ("Venezuela"), by its capital
        ("Beijing") or by its adjective ("Venezuelan president"). No member: a people ("the
        Palestinians"), a nationality that is no country ("Muslim"), a place said to be where
        something happened ("met in Cairo"), and for a group of countries any other place."""
        if token.dep_ == "pobj" and token.head.lower_ in PLACE_PREPOSITIONS:
            return None
        code = country_code_of(mention["surface"], mention["entity_type"])
        if mention["entity_type"] == "NORP" and (code is None or token.tag_ in {"NNS", "NNPS"}):
            return None
        if countries_only and code is None:
            return None
        return code or mention["surface"].lower()
