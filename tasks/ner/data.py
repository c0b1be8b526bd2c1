"""The entity rules' word lists, read once through the project's one data loader
(`tasks.data_files`) from `tasks/data/entity_*`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tasks.data_files import read_lines, read_rows
from tasks.gazetteer import club_suffix_kinds


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
    name_kinds: dict[str, str]              # "gmt" -> timezone, "oscar" -> award
    award_words: frozenset[str]             # last words of prize names ("prize")
    work_cues: frozenset[str]               # nouns before a work's title ("film")
    place_cues: frozenset[tuple[str, ...]]  # org cues places take too ("at")
    location_prepositions: frozenset[str]   # "in" England: a place, not a side

    @property
    def title_words(self) -> frozenset[str]:
        return self.title_heads | self.title_modifiers | self.portfolios


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    rows = read_rows("entity_title_words.csv")

    def kind(name: str) -> frozenset[str]:
        return frozenset(row["word"] for row in rows if row["kind"] == name)

    return Lexicons(
        title_heads=kind("head"), title_modifiers=kind("modifier"), portfolios=kind("portfolio"),
        honorifics=kind("honorific"), royal_titles=kind("royal"),
        org_suffixes=frozenset(read_lines("entity_org_suffixes.txt")),
        news_organisations=frozenset(name.lower() for name in read_lines(
            "entity_news_organisations.txt")),
        sports_words={row["word"]: row["kind"] for row in read_rows("entity_sports_words.csv")},
        descriptor_tails=tuple(tuple(line.split()) for line in read_lines(
            "entity_descriptor_tails.txt")),
        org_cues=_org_cues(),
        club_suffixes=club_suffix_kinds(),
        team_sport_words=frozenset(read_lines("entity_team_sport_words.txt")),
        name_kinds={row["name"]: row["kind"] for row in read_rows("entity_name_kinds.csv")},
        award_words=frozenset(read_lines("entity_award_words.txt")),
        work_cues=frozenset(read_lines("entity_work_cues.txt")),
        place_cues=frozenset(tuple(line.split()) for line in read_lines("entity_place_cues.txt")),
        location_prepositions=frozenset(read_lines("entity_location_prepositions.txt")),
    )


def _org_cues() -> dict[str, frozenset[tuple[str, ...]]]:
    rows = read_rows("entity_org_cues.csv")
    return {side: frozenset(tuple(row["phrase"].split()) for row in rows if row["side"] == side)
            for side in {row["side"] for row in rows}}
