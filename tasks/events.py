"""Code event candidates into CAMEO events and participants.

CAMEO names, QuadClass and Goldstein values come from `tasks/data/cameo_codes.csv`, which uses
GDELT's Goldstein table (not Phoenix's). Dates are resolved against the article's
`published_at`; participants and places are linked to the resolved mention they overlap; the
same event told twice in one article is kept once.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import polars as pl

from tasks.entities import ResolvedEntities
from tasks.event_actors import participant_actors
from tasks.ids import stable_id_expr
from tasks.passes.lexicon import load_lexicon

CAMEO_CODES_PATH = Path(__file__).resolve().parent / "data" / "cameo_codes.csv"

EVENT_COLUMNS = {
    "event_id": pl.String, "article_id": pl.String, "event_type": pl.String,
    "cameo_code": pl.String, "cameo_root": pl.String, "quad_class": pl.Int8,
    "goldstein": pl.Float64, "trigger": pl.String, "sentence_index": pl.Int32,
    "sentence": pl.String, "start_char": pl.Int32, "end_char": pl.Int32,
    "event_date": pl.Date, "date_text": pl.String, "location_entity_id": pl.String,
    "modality": pl.String, "confidence": pl.Float64, "location_source": pl.String,
}
PARTICIPANT_COLUMNS = {"event_id": pl.String, "entity_id": pl.String, "role": pl.String,
                       "actor_code": pl.String, "actor_country_code": pl.String,
                       "actor_role_code": pl.String, "actor_country_source": pl.String}

WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): index for index, name in enumerate(calendar.month_abbr) if name}
# Which candidate of a duplicate group to keep: a firm statement over a plan or a report.
MODALITY_RANK = {"asserted": 0, "planned": 1, "reported": 2, "negated": 3}
# Where an event's place came from: a place its sentence names, else the article's dateline
# ("LONDON (Reuters) -"), else the place the article names most.
LOCATION_SOURCES = ("sentence", "dateline", "article")
# After a dateline's place: an optional "(Agency)" and a dash, colon or comma.
DATELINE_TAIL = r"^\s*(?:\([^)]{1,40}\)\s*)?[-–—:,]"


@dataclass(frozen=True)
class CodedEvents:
    events: pl.DataFrame
    event_participants: pl.DataFrame


@lru_cache(maxsize=1)
def load_cameo_codes() -> pl.DataFrame:
    """cameo_code, event_type, quad_class, goldstein (GDELT's Goldstein values)."""
    return pl.read_csv(
        CAMEO_CODES_PATH, comment_prefix="#",
        schema={"cameo_code": pl.String, "event_type": pl.String, "quad_class": pl.Int8,
                "goldstein": pl.Float64},
    )


def described_code(code: str, known: set[str]) -> str | None:
    """The code whose name and Goldstein value describe `code`: itself, else its three-digit
    base, else its root's base ("1122" -> "112" -> "110"), as the table lists the codes newsflow
    names, not all ~300 of CAMEO's."""
    for candidate in (code, code[:3], code[:2] + "0"):
        if candidate in known:
            return candidate
    return None


def code_events(
    events: pl.DataFrame,
    event_arguments: pl.DataFrame,
    mentions: pl.DataFrame,
    sentences: pl.DataFrame,
    articles: pl.DataFrame,
    resolved: ResolvedEntities | None = None,
    located: pl.DataFrame | None = None,
) -> CodedEvents:
    """events/event_arguments/sentences: extraction frames; mentions: resolved mentions
    (with entity_id); articles: article_id, published_at; resolved: the window's resolved
    entities and roles. With them, participants get their actor codes, and an event's place is
    one of the places with coordinates (`located`: entity_id, latitude; by default the resolved
    entities): its sentence's, else the article's dateline or main place (location_source)."""
    if located is None and resolved is not None:
        located = resolved.entities
    if events.is_empty():
        return CodedEvents(
            pl.DataFrame(schema=EVENT_COLUMNS), pl.DataFrame(schema=PARTICIPANT_COLUMNS)
        )
    participants = link_arguments(event_arguments, mentions)
    located_ids = None if located is None else located.filter(
        pl.col("latitude").is_not_null())["entity_id"]
    locations = link_locations(events, mentions)
    if located_ids is not None:
        locations = locations.filter(pl.col("location_entity_id").is_in(located_ids.implode()))
    coded = _with_codes_dates_and_sentences(events, locations, sentences, articles)
    # An event needs at least one participant entity to be useful to an analyst.
    keyed = coded.join(
        participants.group_by("article_id", "event_key").agg(
            pl.col("entity_id").unique().sort().str.join(",").alias("participant_key"),
            pl.len().alias("participant_count"),
            pl.col("role").first().alias("lone_role"),
        ),
        on=["article_id", "event_key"], how="inner",
    ).with_columns(
        # one participant in opposite roles is two events ("Snoop Dogg has been sued" and "the
        # star sued a woman"); with several, the same actors are one event however the two
        # tellings assign the roles ("X and Y will meet", "X met with Y")
        participant_key=pl.when(pl.col("participant_count") == 1)
        .then(pl.concat_str(["lone_role", "participant_key"], separator=":"))
        .otherwise(pl.col("participant_key")),
    ).drop("lone_role")
    kept = deduplicate(keyed).with_columns(
        location_source=pl.when(pl.col("location_entity_id").is_not_null())
        .then(pl.lit("sentence")).otherwise(None))
    if located_ids is not None:
        kept = with_article_places(kept, article_places(mentions, sentences, located_ids))
    event_frame = kept.select(list(EVENT_COLUMNS)).cast(EVENT_COLUMNS).sort(
        "article_id", "sentence_index", "start_char"
    )
    participant_frame = (
        kept.select("article_id", "event_key", "event_id")
        .join(participant_actors(participants, resolved, articles),
              on=["article_id", "event_key"], how="inner")
        .select(list(PARTICIPANT_COLUMNS))
        .unique(maintain_order=True)
        .cast(PARTICIPANT_COLUMNS)
    )
    return CodedEvents(event_frame, participant_frame)


def _with_codes_dates_and_sentences(events: pl.DataFrame, locations: pl.DataFrame,
                                    sentences: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Events with the name and Goldstein value of their CAMEO code (`described_code`; an event
    whose code nothing in the table describes is dropped), place, calendar date, sentence and
    event_id."""
    published = articles.select(
        "article_id", pl.col("published_at").cast(pl.Datetime("us")).dt.date().alias("published")
    )
    codes = load_cameo_codes()
    known = set(codes["cameo_code"].to_list())
    return (
        events.with_columns(
            described_code=pl.col("cameo_code").map_elements(
                lambda code: described_code(code, known), return_dtype=pl.String)
        )
        .join(codes.rename({"cameo_code": "described_code"}), on="described_code", how="inner")
        .join(locations, on=["article_id", "event_key"], how="left")
        .join(published, on="article_id", how="left")
        .join(
            sentences.select("article_id", "sentence_index", pl.col("text").alias("sentence")),
            on=["article_id", "sentence_index"], how="left",
        )
        .with_columns(
            cameo_root=pl.col("cameo_code").str.slice(0, 2),
            event_date=pl.struct("date_text", "published", "modality").map_elements(
                lambda row: resolve_date(row["date_text"], row["published"], row["modality"]),
                return_dtype=pl.Date,
            ),
            event_id=stable_id_expr("article_id", "sentence_index", "start_char", "cameo_code"),
        )
    )


def link_arguments(event_arguments: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """article_id, event_key, entity_id, role: each argument span linked to the resolved mention
    it overlaps most; one entity keeps one role per event (source wins over target)."""
    linked = _overlapping(
        event_arguments.select("article_id", "event_key", "role", "start_char", "end_char"),
        mentions,
    )
    return (
        linked.sort("article_id", "event_key", pl.col("role").replace_strict(
            {"source": 0, "target": 1, "other": 2}, default=3, return_dtype=pl.Int8))
        .unique(["article_id", "event_key", "entity_id"], keep="first", maintain_order=True)
        .select("article_id", "event_key", "entity_id", "role")
    )


def link_locations(events: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """article_id, event_key, location_entity_id."""
    spans = events.filter(pl.col("location_start_char").is_not_null()).select(
        "article_id", "event_key",
        pl.col("location_start_char").alias("start_char"),
        pl.col("location_end_char").alias("end_char"),
    )
    return _overlapping(spans, mentions).select(
        "article_id", "event_key", pl.col("entity_id").alias("location_entity_id")
    )


def article_places(mentions: pl.DataFrame, sentences: pl.DataFrame,
                   located_ids: pl.Series) -> pl.DataFrame:
    """article_id, place_entity_id, place_source: each article's dateline place, else the
    located place it mentions most (ties: the one named first)."""
    placed = mentions.filter(pl.col("entity_id").is_in(located_ids.implode()))
    first_sentences = sentences.filter(pl.col("sentence_index") == 0).select(
        "article_id", pl.col("start_char").alias("sentence_start"), pl.col("text").alias("first"))
    datelines = placed.join(first_sentences, on="article_id", how="inner").filter(
        (pl.col("sentence_index") == 0) & (pl.col("start_char") == pl.col("sentence_start"))
        & pl.col("first").str.slice(pl.col("end_char") - pl.col("sentence_start"))
        .str.contains(DATELINE_TAIL)
    ).select("article_id", pl.col("entity_id").alias("place_entity_id"),
             pl.lit("dateline").alias("place_source"))
    main = (placed.group_by("article_id", "entity_id")
            .agg(pl.len().alias("mentions"), pl.col("start_char").min().alias("first_at"))
            .sort(["article_id", "mentions", "first_at"], descending=[False, True, False])
            .unique("article_id", keep="first", maintain_order=True)
            .select("article_id", pl.col("entity_id").alias("place_entity_id"),
                    pl.lit("article").alias("place_source")))
    return pl.concat([datelines, main.join(datelines, on="article_id", how="anti")])


def with_article_places(events: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Events whose sentence names no located place take their article's (see article_places)."""
    return events.join(places, on="article_id", how="left").with_columns(
        pl.coalesce("location_entity_id", "place_entity_id").alias("location_entity_id"),
        pl.coalesce("location_source", "place_source").alias("location_source"),
    ).drop("place_entity_id", "place_source")


def _overlapping(spans: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Each span joined to the mention in the same article it overlaps most."""
    resolved = mentions.select(
        "article_id", "entity_id",
        pl.col("start_char").alias("mention_start"), pl.col("end_char").alias("mention_end"),
    )
    overlap = pl.min_horizontal("end_char", "mention_end") - pl.max_horizontal(
        "start_char", "mention_start"
    )
    return (
        spans.join(resolved, on="article_id", how="inner")
        .with_columns(overlap=overlap)
        .filter(pl.col("overlap") > 0)
        .sort("overlap", descending=True)
        .unique([c for c in spans.columns if c not in {"start_char", "end_char"}]
                + ["start_char"], keep="first", maintain_order=True)
    )


def deduplicate(events: pl.DataFrame) -> pl.DataFrame:
    """One row per event per article. Candidates with the same root and the same participants
    are one event, unless they carry different resolved dates (a second meeting); with a single
    participant that is too little to tell two events apart, so the trigger must match too
    ("arrest" twice is one arrest; "agreed to pay a fine" and "settle" are two yields). An
    event noun that names fewer participants of an event already told by a verb ("Hockney's
    accusations" after "Hockney accused UKIP") is a reference back to it. The kept row is the
    best told (a verb over an event noun, a main clause over a relative one, firm modality,
    more participants, earlier sentence); it borrows a date or place that only a duplicate
    stated."""
    events = events.with_columns(
        trigger_group=pl.when(pl.col("participant_count") == 1)
        .then(pl.col("trigger_lemma")).otherwise(pl.lit(""))
    )
    events = _drop_noun_references(events)
    group = ["article_id", "cameo_root", "participant_key", "trigger_group"]
    dated = events.with_columns(
        pl.col("event_date").n_unique().over(group).alias("date_variants"),
        pl.col("event_date").null_count().over(group).alias("date_nulls"),
    ).with_columns(
        # more than one distinct date among the candidates: each date is its own event
        date_group=pl.when(pl.col("date_variants") - (pl.col("date_nulls") > 0) > 1)
        .then(pl.col("event_date").cast(pl.String))
        .otherwise(pl.lit(""))
    )
    group = [*group, "date_group"]
    ranked = dated.with_columns(
        modality_rank=pl.col("modality").replace_strict(
            MODALITY_RANK, default=4, return_dtype=pl.Int8
        )
    ).sort(
        ["confidence", "modality_rank", "participant_count", "sentence_index", "start_char"],
        descending=[True, False, True, False, False],
    ).with_columns(rank=pl.int_range(1, pl.len() + 1).over(group))
    filled = ranked.with_columns(
        pl.col(c).fill_null(pl.col(c).drop_nulls().first().over(group))
        for c in ("event_date", "date_text", "location_entity_id")
    )
    return filled.filter(pl.col("rank") == 1)


def _drop_noun_references(events: pl.DataFrame) -> pl.DataFrame:
    """Drop event-noun candidates whose participants are a strict subset of those of a verb
    event with the same root in an earlier sentence of the same article."""
    nouns_only = {trigger for trigger, pos in load_lexicon() if pos == "NOUN"} - {
        trigger for trigger, pos in load_lexicon() if pos == "VERB"}
    keyed = events.with_columns(
        participants=pl.col("participant_key").str.replace(r"^(source|target):", "").str.split(","),
        is_noun=pl.col("trigger_lemma").is_in(list(nouns_only)),
        row_id=pl.int_range(pl.len()),
    )
    pairs = keyed.filter("is_noun").join(
        keyed.filter(~pl.col("is_noun")).select(
            "article_id", "cameo_root", pl.col("sentence_index").alias("told_in"),
            pl.col("participants").alias("told_with"),
        ),
        on=["article_id", "cameo_root"], how="inner",
    ).filter(
        (pl.col("told_in") < pl.col("sentence_index"))
        & (pl.col("participants").list.set_difference("told_with").list.len() == 0)
        & (pl.col("told_with").list.len() > pl.col("participants").list.len())
    )
    return keyed.join(pairs.select("row_id"), on="row_id", how="anti").drop(
        "participants", "is_noun", "row_id"
    )


def resolve_date(date_text: str | None, published: date | None, modality: str) -> date | None:
    """A calendar date for phrases like "on Friday", "last week", "19 October", "in 2023".

    Relative phrases need the publication date; a weekday is the next one for planned events
    and the latest one (the same day included) otherwise. A bare year gives 1 January."""
    if not date_text:
        return None
    text = date_text.lower().strip()
    text = re.sub(r"^(on|in|at|from|by|since)\s+", "", text)
    words = re.findall(r"[a-z]+|\d+", text)
    year = next((int(w) for w in words if len(w) == 4 and w.isdigit()), None)
    has_number = any(w.isdigit() for w in words)
    # "may" is a month only beside a number ("May 2004"), otherwise the modal verb
    month = next((MONTHS[w] for w in words if w in MONTHS and (w != "may" or has_number)), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31),
               None)
    if month is not None:
        return _calendar_date(year, month, day, published, modality)
    if year is not None and len(words) == 1:
        return date(year, 1, 1)
    if published is None:
        return None
    return _relative_date(text, words, published, modality)


def _calendar_date(year: int | None, month: int, day: int | None, published: date | None,
                   modality: str) -> date | None:
    """ "19 October", "May 2004": without a year, the latest such date up to publication
    (or the next one, for a planned event)."""
    if year is None:
        if published is None:
            return None
        year = published.year
        candidate = _safe_date(year, month, day or 1)
        if candidate and candidate > published and modality != "planned":
            year -= 1
    return _safe_date(year, month, day or 1)


def _relative_date(text: str, words: list[str], published: date, modality: str) -> date | None:
    """ "yesterday", "last week", "on Friday": counted from the publication date."""
    offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
    if text in offsets:
        return published + timedelta(days=offsets[text])
    if text in {"last week", "earlier this week"}:
        return published - timedelta(days=7 if text == "last week" else 0)
    if text == "next week":
        return published + timedelta(days=7)
    weekday = next((WEEKDAYS[w] for w in words if w in WEEKDAYS), None)
    if weekday is not None:
        if "next" in words or modality == "planned":
            ahead = (weekday - published.weekday()) % 7
            return published + timedelta(days=ahead or (7 if "next" in words else 0))
        back = (published.weekday() - weekday) % 7
        if "last" in words and back == 0:
            back = 7
        return published - timedelta(days=back)
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
