"""Score coded events against a gold set of every event in whole articles.

The gold (`../shared/data/event_gold_dev.jsonl`, described in its `.md`) names each event's anchor
sentence and the other sentences that tell it, its participants by normalised name, its
acceptable CAMEO roots and its modality. Scoring follows the gold's suggested rules:

- a predicted event is a mention of a gold event when it is in the same article, its trigger
  lies in the anchor or one of the other sentences, its root is one of the gold's roots, and at
  least one of its participants is a gold participant (names compared after normalisation,
  through every name the entity was seen under, and a country's names for countries and their
  adjectives);
- event recall: the share of gold events with at least one such mention; event precision: the
  share of predicted events that mention a gold event, one prediction per gold event (repeats
  count as false);
- pairs: every (participant, root) of an event. A predicted pair is right when a gold event told
  in its sentence has that participant and root; a gold pair is found when a predicted event in
  one of its sentences has it;
- modality agreement over matched events, exact and collapsed to asserted / not asserted;
- the share of predicted participants (and of matched ones) with an actor country.

Nothing of the gold's text is stored in the project: it is read from `../shared` when scoring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl
import pycountry

NAME_PREFIXES = re.compile(r"^(the|mr|mrs|ms|dr|sir|lord|gen|president|judge)\s+")
# Words an organisation's name may carry or drop ("Labour Party" / "Labour", "ABC Inc" / "ABC"),
# as the gold's alias table does.
ORGANISATION_SUFFIXES = re.compile(r"\s+(party|inc|corp|corporation|group|company|co|plc|ltd|limited)$")


@dataclass(frozen=True)
class GoldEvent:
    event_id: str
    article_id: str
    spans: tuple[tuple[int, int], ...]  # the anchor and other sentences, as offsets in the text
    participants: tuple[str, ...]  # normalised names
    roots: tuple[str, ...]
    modality: str


@dataclass(frozen=True)
class PredictedEvent:
    article_id: str
    start_char: int
    root: str
    modality: str
    participants: tuple[frozenset[str], ...]  # every normalised name of each participant
    with_country: tuple[bool, ...]  # whether each participant has an actor country


@dataclass
class EventScores:
    gold_events: int = 0
    predicted_events: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    gold_pairs: int = 0
    found_gold_pairs: int = 0
    predicted_pairs: int = 0
    right_predicted_pairs: int = 0
    modality_exact: int = 0
    modality_collapsed: int = 0
    participants: int = 0
    participants_with_country: int = 0
    unaligned_sentences: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def event_recall(self) -> float:
        return _share(self.matched_gold, self.gold_events)

    @property
    def event_precision(self) -> float:
        return _share(self.matched_predicted, self.predicted_events)

    @property
    def pair_precision(self) -> float:
        return _share(self.right_predicted_pairs, self.predicted_pairs)

    @property
    def pair_recall(self) -> float:
        return _share(self.found_gold_pairs, self.gold_pairs)

    @property
    def country_share(self) -> float:
        return _share(self.participants_with_country, self.participants)

    def figures(self) -> dict[str, float | int]:
        return {
            "gold events": self.gold_events, "predicted events": self.predicted_events,
            "event recall": round(self.event_recall, 3),
            "event precision": round(self.event_precision, 3),
            "pair precision": round(self.pair_precision, 3),
            "pair recall": round(self.pair_recall, 3),
            "participants with an actor country": round(self.country_share, 3),
            "modality agreement": round(_share(self.modality_exact, self.matched_gold), 3),
            "modality agreement (asserted or not)": round(
                _share(self.modality_collapsed, self.matched_gold), 3),
        }


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def normal_name(name: str) -> str:
    name = name.lower().strip().replace("’", "'")
    name = re.sub(r"'s?$", "", name)
    previous = None
    while previous != name:
        previous, name = name, NAME_PREFIXES.sub("", name)
    return re.sub(r"[^\w&' -]", "", name).strip()


def country_names(alpha_2: str) -> set[str]:
    """The names of a country (ISO alpha-2), normalised: 'gb' -> united kingdom, britain, uk."""
    country = pycountry.countries.get(alpha_2=alpha_2)
    if country is None:
        return set()
    names = {country.name, getattr(country, "common_name", ""), getattr(country, "official_name", ""),
             country.alpha_2, country.alpha_3}
    return {normal_name(name) for name in names if name}


def names_match(gold_name: str, predicted_names: Iterable[str]) -> bool:
    """A gold name (normalised) against the names one entity was seen under: equal, one the
    last word of the other (a surname, "Rangers" for "Glasgow Rangers"), or an acronym."""
    gold_words = gold_name.split()
    gold_short = ORGANISATION_SUFFIXES.sub("", gold_name)
    for name in predicted_names:
        if not name:
            continue
        if name == gold_name or ORGANISATION_SUFFIXES.sub("", name) == gold_short:
            return True
        words = name.split()
        if len(gold_words) > 1 and len(words) == 1 and len(name) > 2 and gold_words[-1] == name:
            return True
        if len(words) > 1 and len(gold_words) == 1 and len(gold_name) > 2 and words[-1] == gold_name:
            return True
        if len(words) > 1 and "".join(w[0] for w in words if w not in {"of", "and", "the"}) == gold_name:
            return True
        if len(gold_words) > 1 and "".join(w[0] for w in gold_words if w not in {"of", "and", "the"}) == name:
            return True
    return False


def gold_events(rows: list[dict], texts: dict[str, str]) -> tuple[list[GoldEvent], int]:
    """Gold events with their sentences located in the article texts; the count of sentences
    not found (a text the cleaner changed)."""
    events: list[GoldEvent] = []
    unaligned = 0
    for row in rows:
        text = texts.get(row["article_id"], "")
        spans = []
        for sentence in [row["sentence"], *row["other_sentences"]]:
            start = text.find(sentence)
            if start < 0:
                unaligned += 1
                continue
            spans.append((start, start + len(sentence)))
        events.append(GoldEvent(
            row["event_id"], row["article_id"], tuple(spans),
            tuple(normal_name(p["name"]) for p in row["participants"]),
            tuple(row["cameo_roots"]), row["modality"],
        ))
    return events, unaligned


def predicted_events(events: pl.DataFrame, participants: pl.DataFrame,
                     entity_names: dict[str, frozenset[str]]) -> list[PredictedEvent]:
    """events: article_id, event_id, start_char, cameo_root, modality; participants: event_id,
    entity_id, has_country."""
    by_event: dict[str, list[tuple[str, bool]]] = {}
    for event_id, entity_id, has_country in participants.select(
            "event_id", "entity_id", "has_country").iter_rows():
        by_event.setdefault(event_id, []).append((entity_id, bool(has_country)))
    found = []
    for article_id, event_id, start, root, modality in events.select(
            "article_id", "event_id", "start_char", "cameo_root", "modality").iter_rows():
        members = by_event.get(event_id, [])
        found.append(PredictedEvent(
            article_id, start, root, modality,
            tuple(entity_names.get(entity_id, frozenset()) for entity_id, _ in members),
            tuple(has for _, has in members),
        ))
    return found


def score(gold: list[GoldEvent], predicted: list[PredictedEvent], unaligned: int = 0) -> EventScores:
    scores = EventScores(gold_events=len(gold), predicted_events=len(predicted),
                         unaligned_sentences=unaligned)
    in_sentence = {
        id(event): [g for g in gold if g.article_id == event.article_id
                    and any(start <= event.start_char < end for start, end in g.spans)]
        for event in predicted
    }
    claimed: set[str] = set()
    for event in predicted:
        candidates = in_sentence[id(event)]
        scores.participants += len(event.participants)
        scores.participants_with_country += sum(event.with_country)
        for names in event.participants:
            scores.predicted_pairs += 1
            if any(event.root in g.roots and any(names_match(p, names) for p in g.participants)
                   for g in candidates):
                scores.right_predicted_pairs += 1
        match = next((g for g in candidates if g.event_id not in claimed and _mentions(event, g)), None)
        if match is not None:
            claimed.add(match.event_id)
            scores.matched_predicted += 1
    for g in gold:
        mentions = [e for e in predicted if e.article_id == g.article_id
                    and any(start <= e.start_char < end for start, end in g.spans)]
        matched = [e for e in mentions if _mentions(e, g)]
        for participant in g.participants:
            scores.gold_pairs += 1
            if any(g_root_ok(e, g) and any(names_match(participant, n) for n in e.participants)
                   for e in mentions):
                scores.found_gold_pairs += 1
        if matched:
            scores.matched_gold += 1
            best = matched[0]
            scores.modality_exact += best.modality == g.modality
            scores.modality_collapsed += (best.modality == "asserted") == (g.modality == "asserted")
        else:
            scores.misses.append(f"{g.event_id} roots {'/'.join(g.roots)}: {', '.join(g.participants)}")
    return scores


def g_root_ok(event: PredictedEvent, gold: GoldEvent) -> bool:
    return event.root in gold.roots


def _mentions(event: PredictedEvent, gold: GoldEvent) -> bool:
    return g_root_ok(event, gold) and any(
        names_match(participant, names) for participant in gold.participants for names in event.participants
    )
