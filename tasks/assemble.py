"""Run-level bookkeeping on frames: which articles are new, and the run's accounting."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

import polars as pl

from tasks.schemas import REJECTION_SCHEMA

if TYPE_CHECKING:  # type hints only: entities/events import polars-heavy reference data
    from tasks.entities import ResolvedEntities
    from tasks.events import CodedEvents

QUARANTINE_SCHEMA = {
    "run_id": pl.String, "table_name": pl.String, "row_key": pl.String, "reason": pl.String,
    "row_json": pl.String, "quarantined_at": pl.Datetime("us"),
}


@dataclass(frozen=True)
class RunCounts:
    inputs_seen: int
    articles_new: int
    articles_duplicate: int
    inputs_rejected: int
    inputs_skipped: int


def split_new_articles(
    articles: pl.DataFrame, known_article_ids: set[str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(new, duplicates): the first occurrence of each article_id not yet in the warehouse is
    new; later occurrences and already-known ids are duplicates. Order is kept."""
    with_position = articles.with_row_index("_position")
    first = with_position.unique(subset="article_id", keep="first", maintain_order=True)
    new = first.filter(~pl.col("article_id").is_in(list(known_article_ids)))
    duplicates = with_position.join(new.select("_position"), on="_position", how="anti")
    return new.drop("_position"), duplicates.drop("_position")


def rejections_frame(rows: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [frame.select(list(REJECTION_SCHEMA)).cast(REJECTION_SCHEMA) for frame in rows]
    return pl.concat(frames) if frames else pl.DataFrame(schema=REJECTION_SCHEMA)


def new_run_id(started_at: datetime) -> str:
    """`run-<start time>-<random>`: sortable by time, unique across machines."""
    return f"run-{started_at:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


Rejection = tuple[str, str, str]  # (source_uri, stage, reason)


@dataclass(frozen=True)
class Quarantined:
    """What one window's row-level rules set aside (`tasks.validate.apply_quarantine`): the
    articles that became rejections (stage 'validate'), and how many quarantine rows it wrote."""

    rejections: tuple[Rejection, ...] = ()
    rows: int = 0


@dataclass(frozen=True)
class GateOutcome:
    """One window's quality gate (`tasks.validate.gate_outcome`): the results to record, the
    failed expectations, where the Data Docs are, and why the run is refused (None: it is not)."""

    quality: pl.DataFrame
    failures: tuple[str, ...] = ()
    data_docs: str | None = None
    refusal: str | None = None
    validated: bool = True  # False: nothing new to validate (the summary keeps its Data Docs)


@dataclass(frozen=True)
class Publication:
    """What the load did (`tasks.load.publish_or_refuse`): published or refused, the rows it
    published, and the articles another run published first (they count as duplicates)."""

    status: str
    finished_at: datetime
    message: str | None = None
    mentions_loaded: int = 0
    events_loaded: int = 0
    entities_new: int = 0
    late_duplicates: int = 0

    @classmethod
    def failed(cls, message: str, late_duplicates: int = 0) -> Publication:
        return cls("failed", datetime.now(), message, late_duplicates=late_duplicates)


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the CLI, the Prefect report and `pipeline_runs`. Frozen: the stages
    return their own results (Quarantined, GateOutcome, Publication) and the flow assembles
    the summary from them (`with_window`, `finished`)."""

    run_id: str
    flow_run_id: str | None
    warehouse: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "running"
    message: str | None = None
    counts: RunCounts = field(default_factory=lambda: RunCounts(0, 0, 0, 0, 0))
    entities_new: int = 0
    mentions_loaded: int = 0
    events_loaded: int = 0
    rejections: tuple[Rejection, ...] = ()
    quality_failures: tuple[str, ...] = ()
    top_events: tuple[str, ...] = ()
    quarantined_rows: int = 0  # rows set aside by row-level rules (see the quarantine table)
    data_docs: str | None = None  # Great Expectations Data Docs index of this run
    windows_resumed: int = 0  # windows an interrupted attempt of this run had already staged
    # Per web source: entries seen, new, unchanged, failed (tasks.web.SourceResult.stats).
    sources: tuple[dict[str, Any], ...] = ()

    def with_window(self, quarantined: Quarantined, gate: GateOutcome) -> RunSummary:
        """The summary after one more validated window: its quarantined articles leave the new
        ones for the rejections, its failed expectations and Data Docs are noted."""
        moved = len(quarantined.rejections)
        return replace(
            self, counts=replace(self.counts, articles_new=self.counts.articles_new - moved,
                                 inputs_rejected=self.counts.inputs_rejected + moved),
            rejections=self.rejections + quarantined.rejections,
            quarantined_rows=self.quarantined_rows + quarantined.rows,
            quality_failures=self.quality_failures + gate.failures,
            data_docs=gate.data_docs if gate.validated else self.data_docs)

    def finished(self, publication: Publication) -> RunSummary:
        """The run's final summary, once the load published or refused it."""
        late = publication.late_duplicates
        return replace(
            self, finished_at=publication.finished_at, status=publication.status,
            message=publication.message, mentions_loaded=publication.mentions_loaded,
            events_loaded=publication.events_loaded, entities_new=publication.entities_new,
            counts=replace(self.counts, articles_new=self.counts.articles_new - late,
                           articles_duplicate=self.counts.articles_duplicate + late))

    def to_state(self) -> dict[str, Any]:
        """The summary as JSON values, for a run's staged state (see `tasks.staging`)."""
        return {**asdict(self), "started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at and self.finished_at.isoformat()}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> RunSummary:
        finished_at = state["finished_at"]
        return cls(**{
            **state, "counts": RunCounts(**state["counts"]),
            "started_at": datetime.fromisoformat(state["started_at"]),
            "finished_at": finished_at and datetime.fromisoformat(finished_at),
            "rejections": tuple(tuple(rejection) for rejection in state["rejections"]),
            "quality_failures": tuple(state["quality_failures"]),
            "top_events": tuple(state["top_events"]), "sources": tuple(state["sources"]),
        })

    def pipeline_run_row(self) -> pl.DataFrame:
        return pl.DataFrame([{
            "run_id": self.run_id, "flow_run_id": self.flow_run_id,
            "started_at": self.started_at, "finished_at": self.finished_at,
            "status": self.status, "inputs_seen": self.counts.inputs_seen,
            "articles_new": self.counts.articles_new,
            "articles_duplicate": self.counts.articles_duplicate,
            "inputs_rejected": self.counts.inputs_rejected,
            "mentions_loaded": self.mentions_loaded, "events_loaded": self.events_loaded,
            "inputs_skipped": self.counts.inputs_skipped, "message": self.message,
        }])


@dataclass(frozen=True)
class RunFrames:
    """The rows one run publishes, one frame per warehouse table."""

    articles: pl.DataFrame
    entities: pl.DataFrame
    mentions: pl.DataFrame
    entity_roles: pl.DataFrame
    events: pl.DataFrame
    event_participants: pl.DataFrame
    rejected_inputs: pl.DataFrame
    input_files: pl.DataFrame
    quarantine: pl.DataFrame = field(default_factory=lambda: quarantine_frame([]))

    def tables(self) -> dict[str, pl.DataFrame]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def without_articles(self, article_ids: set[str]) -> RunFrames:
        """Drop the rows of these articles (quarantined ones), and the entities left unused.
        The load drops articles another run published meanwhile the same way, in SQL, from the
        staged files (sql/publish/drop_published_articles.sql)."""
        if not article_ids:
            return self
        dropped = list(article_ids)

        def keep(frame: pl.DataFrame) -> pl.DataFrame:
            return frame.filter(~pl.col("article_id").is_in(dropped))

        events = keep(self.events)
        participants = self.event_participants.filter(
            pl.col("event_id").is_in(events["event_id"].implode())
        )
        return replace(
            self, articles=keep(self.articles), mentions=keep(self.mentions),
            entity_roles=keep(self.entity_roles), events=events, event_participants=participants,
        ).with_used_entities_only()

    def with_used_entities_only(self) -> RunFrames:
        """Drop the entities no remaining mention, role, participant or event place uses."""
        used = pl.concat([
            self.mentions["entity_id"], self.entity_roles["person_entity_id"],
            self.entity_roles["affiliation_entity_id"].drop_nulls(),
            self.event_participants["entity_id"], self.events["location_entity_id"].drop_nulls(),
        ]).unique()
        return replace(self, entities=self.entities.filter(pl.col("entity_id").is_in(used.implode())))


def quarantine_frame(parts: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [part.select(list(QUARANTINE_SCHEMA)).cast(QUARANTINE_SCHEMA) for part in parts]
    return pl.concat(frames) if frames else pl.DataFrame(schema=QUARANTINE_SCHEMA)


def input_files_frame(files: list[tuple[str, str]], run_id: str) -> pl.DataFrame:
    """input_files rows for (source_uri, content_hash) pairs read in this run."""
    frame = pl.DataFrame(files, schema={"source_uri": pl.String, "content_hash": pl.String},
                         orient="row")
    return frame.unique("content_hash", keep="first", maintain_order=True).with_columns(
        first_run_id=pl.lit(run_id)
    )


def frames_to_validate(run: RunFrames) -> dict[str, pl.DataFrame]:
    """The frames the quality suites check, with the derived columns their rules compare:
    mentions and events carry their article's text length (offsets must fall inside it),
    mentions the text slice at their offsets (it must equal `surface`), articles their
    mention count (at most one per word), and events their date unless the event is only
    planned (a stated event cannot lie after the run)."""
    texts = run.articles.select("article_id", "text", text_length=pl.col("text").str.len_chars())
    mentions = run.mentions.join(texts, on="article_id", how="left").with_columns(
        text_slice=pl.col("text").str.slice(pl.col("start_char"),
                                            pl.col("end_char") - pl.col("start_char"))
    ).drop("text")
    events = run.events.join(texts.drop("text"), on="article_id", how="left").with_columns(
        event_date_unless_planned=pl.when(pl.col("modality") != "planned")
        .then(pl.col("event_date")))
    mention_counts = run.mentions.group_by("article_id").agg(mention_count=pl.len())
    articles = run.articles.join(mention_counts, on="article_id", how="left").with_columns(
        pl.col("mention_count").fill_null(0).cast(pl.Int64))
    return {**run.tables(), "articles": articles, "mentions": mentions, "events": events}


ARTICLE_COLUMNS = ["article_id", "source_uri", "source_name", "title", "published_at",
                   "language", "text", "word_count", "ingested_at", "run_id", "url"]


def window_frames(articles: pl.DataFrame, resolved: ResolvedEntities,
                  coded: CodedEvents) -> RunFrames:
    """The rows one window of new articles publishes, one frame per table (no input rows)."""
    return RunFrames(
        # source_uri points at the record, not only the file: `feed.jsonl#L3`, `list.json#2`.
        articles=articles.with_columns(source_uri=pl.col("input_id")).select(ARTICLE_COLUMNS),
        entities=resolved.entities,
        mentions=resolved.mentions, entity_roles=resolved.entity_roles, events=coded.events,
        event_participants=coded.event_participants,
        rejected_inputs=rejected_inputs_frame(pl.DataFrame(schema=REJECTION_SCHEMA), "", None),
        input_files=input_files_frame([], ""),
    )


def rejected_inputs_frame(rejections: pl.DataFrame, run_id: str,
                          detected_at: datetime | None) -> pl.DataFrame:
    return rejections.with_columns(run_id=pl.lit(run_id),
                                   detected_at=pl.lit(detected_at, pl.Datetime("us")))


def input_frames(run_id: str, started_at: datetime, rejections: pl.DataFrame,
                 input_files: list[tuple[str, str]], feed_states: pl.DataFrame | None = None
                 ) -> dict[str, pl.DataFrame]:
    """The run-level rows: inputs rejected before extraction, the files read, and what the
    run learnt of its feeds (ETag, Last-Modified) for the next conditional GET."""
    frames = {"rejected_inputs": rejected_inputs_frame(rejections, run_id, started_at),
              "input_files": input_files_frame(input_files, run_id)}
    if feed_states is not None and not feed_states.is_empty():
        frames["source_state"] = feed_states.with_columns(
            checked_at=pl.lit(started_at, pl.Datetime("us")), run_id=pl.lit(run_id))
    return frames
