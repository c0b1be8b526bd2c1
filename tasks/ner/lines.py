"""Line layout of news copy, from the text alone: datelines ("LONDON 1996-08-30"), results
lines ("Chicago 5 Boston 3"), standings rows and ranked results, and the score patterns sports
copy uses. Every pattern for a score or a results line lives here."""

from __future__ import annotations

import re
from dataclasses import dataclass

SCORE = re.compile(r"\d{1,3}-\d{1,3}")


DATELINE = re.compile(r"^(?P<places>[^\n]*?[A-Za-z][^\n]*?)\s+\d{4}-\d{2}-\d{2}\s*$")


_SIDE = r"[A-Z][\w.'&/-]*(?:\s(?:[A-Z][\w.'&/-]*|da|de|do|di|del|van|von|la|le|\d\d?\.?)){0,4}?"


# "Chicago 5 Boston 3": two sides, each with its score (not "6-3" set scores or times).
RESULTS_LINE = re.compile(rf"^(?P<a>{_SIDE})\s(?P<sa>\d{{1,3}})\s+(?P<b>{_SIDE})\s(?P<sb>\d{{1,3}})"
                          r"(?![-.:/\d])")


# "Ajax 4 3 1 0 10 2 10" / "NEW YORK 72 53 .576 -": a standings row (golf scores lead with a
# number, ranked results with "1.", so neither matches).
STANDINGS_ROW = re.compile(rf"^(?P<a>{_SIDE})(?:\s+(?:-?\d*\.?\d+|-)){{4,}}\s*$")


# "1. Gerhard Berger ( Austria ) Benetton 1:53.706": the team after a competitor's country.
RANKED_TEAM = re.compile(r"^\d+\.?\s[^()\n]+\(\s?[A-Z][^()\n]*\)\s(?P<a>[A-Z][\w.'&-]*"
                         r"(?:\s[A-Z][\w.'&-]*){0,2})(?=\s+\d|\s*$)")


TEAM_SCORE = re.compile(r"[A-Z][\w.]*(?: [A-Z][\w.]*)* \d{1,2}\b(?![-.:/]\d)")


@dataclass(frozen=True)
class Layout:
    """Character spans the line layout settles: places in datelines, sides in results lines."""

    dateline_spans: list[tuple[int, int]]
    team_spans: list[tuple[int, int]]

    @property
    def is_sports(self) -> bool:
        return bool(self.team_spans)


def line_layout(text: str) -> Layout:
    datelines: list[tuple[int, int]] = []
    teams: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        dateline = DATELINE.match(line) if len(line) < 80 else None
        if dateline:
            datelines.append((offset, offset + dateline.end("places")))
        for pattern, groups in ((RESULTS_LINE, ("a", "b")), (STANDINGS_ROW, ("a",)),
                                (RANKED_TEAM, ("a",))):
            match = pattern.match(line)
            if match:
                teams.extend((offset + match.start(g), offset + match.end(g)) for g in groups)
                break
        offset += len(line) + 1
    return Layout(datelines, teams)
