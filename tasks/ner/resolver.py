"""One type per mention, from the evidence the rules gathered, in one declared precedence.

The rules never overwrite each other's types: each leaves evidence (`TypeEvidence`), and
`resolve_type` walks `PRECEDENCE` from the weakest step to the strongest; a step that has
something to say replaces what the weaker ones said. Some steps only refine a reading (a
place in a results line is a club; a side in sports copy is a club unless it is a group).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PLACE_TYPES = frozenset({"GPE", "LOC"})
# What a span with no label, no vote and no rule is: rules add spans for names the doc already
# uses, and the model's label of those went to the name's other mentions.
DEFAULT_TYPE = "ORG"


@dataclass(frozen=True)
class TypeEvidence:
    """What the rules found about one mention's type."""

    model_label: str = ""             # spaCy's label of the span ("" when a rule added the span)
    doc_vote: str | None = None       # the model's majority label for the name in this doc
    doc_rule: str | None = None       # a rule's type for the name in this doc (first found)
    reference: str | None = None      # reference data's type for this very text (a country...)
    sports_side: bool = False         # the name plays as a side in sports copy
    layout: str | None = None         # the line's layout: dateline place, results-line side
    results_line_place: bool = False  # a place with a score in a results line, no other reading


@dataclass(frozen=True)
class Step:
    name: str
    decide: Callable[[TypeEvidence, str | None], str | None]   # (evidence, weaker type) -> type
    why: str


# Strongest first. Read it top-down as "this wins over everything below it".
PRECEDENCE: tuple[Step, ...] = (
    Step("results_line_place",
         lambda ev, below: "ORG" if ev.results_line_place and below in PLACE_TYPES else None,
         "'Chicago 5 Boston 3': a town with a score beside another side's score is a club"),
    Step("layout", lambda ev, below: ev.layout,
         "the line's layout (a dateline, a results line) says what a name is"),
    Step("sports_side",
         lambda ev, below: "ORG" if ev.sports_side and below != "NORP" else None,
         "in sports copy a name that plays as a side is the club everywhere in the doc"),
    Step("reference", lambda ev, below: ev.reference,
         "reference data settles this very text: a country, a demonym, a news organisation"),
    Step("doc_rule", lambda ev, below: ev.doc_rule,
         "a rule set the name's type somewhere in the doc (a title, a cue, a club name)"),
    Step("doc_vote", lambda ev, below: ev.doc_vote,
         "the model's majority label over the name's mentions in the doc"),
    Step("model_label", lambda ev, below: ev.model_label or None,
         "the model's label of this span"),
    Step("default", lambda ev, below: DEFAULT_TYPE, "a span a rule added with no other evidence"),
)


def resolve_type(evidence: TypeEvidence) -> str:
    """The type the strongest step with something to say gives."""
    chosen: str | None = None
    for step in reversed(PRECEDENCE):
        chosen = step.decide(evidence, chosen) or chosen
    assert chosen is not None   # the default step always answers
    return chosen
