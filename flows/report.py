"""The run report a flow run publishes in the Prefect UI: a markdown artifact (what came in,
what was published or refused, and why) and a table artifact of the run's events.

The builders are pure functions of the RunSummary and the run's frames; only
`publish_run_report` reads the staged rows and talks to Prefect.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tasks.assemble import RunSummary
from tasks.staging import StagedRun

REPORT_KEY = "newsflow-run-report"
EVENTS_KEY = "newsflow-run-events"
MAX_LISTED_REJECTIONS = 50
MAX_EVENT_ROWS = 500  # a table artifact is stored as one JSON document: keep it small
TOP_EVENT_COUNT = 10
SENTENCE_CHARS = 160


@dataclass(frozen=True)
class ReportFrames:
    """The parts of a run's rows the report shows."""

    entities: pl.DataFrame  # entity_id, canonical_name, entity_type
    events: pl.DataFrame
    event_participants: pl.DataFrame
    articles: pl.DataFrame  # article_id, title

    @classmethod
    def from_staged(cls, staged: StagedRun) -> ReportFrames:
        """Read only these columns of the staged files (a run with no new articles has none)."""
        def read(table: str, columns: list[str] | None = None) -> pl.DataFrame:
            if not staged.files(table):
                return pl.DataFrame(schema=dict.fromkeys(columns or [], pl.String))
            frame = staged.scan(table)
            return (frame.select(columns) if columns else frame).collect()

        return cls(
            entities=read("entities", ["entity_id", "canonical_name", "entity_type"]).unique(
                "entity_id", maintain_order=True),
            events=read("events", EVENT_COLUMNS),
            event_participants=read("event_participants", ["event_id", "role", "entity_id"]),
            articles=read("articles", ["article_id", "title"]),
        )


EVENT_COLUMNS = ["event_id", "article_id", "start_char", "cameo_code", "event_type", "trigger",
                 "event_date", "modality", "sentence"]


def report_markdown(summary: RunSummary, run: ReportFrames, quality: pl.DataFrame,
                    data_docs: Path | None = None) -> str:
    counts = summary.counts
    if data_docs is None and summary.data_docs:
        data_docs = Path(summary.data_docs)
    lines = [
        f"# newsflow run `{summary.run_id}`: {summary.status}",
        "",
        f"Warehouse: `{summary.warehouse}`",
        "",
        "| measure | count |",
        "|---|---:|",
        f"| inputs seen | {counts.inputs_seen} |",
        f"| unchanged files skipped | {counts.inputs_skipped} |",
        f"| new articles | {counts.articles_new} |",
        f"| duplicate articles | {counts.articles_duplicate} |",
        f"| rejected inputs | {counts.inputs_rejected} |",
        f"| new entities | {summary.entities_new} |",
        f"| mentions loaded | {summary.mentions_loaded} |",
        f"| events loaded | {summary.events_loaded} |",
        "",
    ]
    if summary.message:
        lines += [f"**Message:** {summary.message}", ""]
    if summary.windows_resumed:
        lines += [f"**Resumed:** kept {windows(summary.windows_resumed)} staged by an "
                  "interrupted attempt, not parsed again.", ""]
    lines += _source_lines(summary.sources)
    lines += _rejection_lines(summary.rejections)
    lines += _entity_lines(run.entities, summary.entities_new)
    lines += _top_event_lines(run.events)
    lines += _quality_lines(quality, data_docs)
    return "\n".join(lines)


def _source_lines(sources: list[dict[str, Any]]) -> list[str]:
    """Per web source: entries seen, new, unchanged, failed (none for a run of files only)."""
    if not sources:
        return []
    lines = ["## Sources", "", "| source | entries seen | new | unchanged | failed | requests |",
             "|---|---:|---:|---:|---:|---:|"]
    for source in sources:
        seen = "not modified (304)" if source["not_modified"] else source["entries_seen"]
        lines.append(f"| [{_cell(source['source'])}]({source['url']}) | {seen} | {source['new']} | "
                     f"{source['unchanged']} | {source['failed']} | {source['requests']} |")
    return [*lines, ""]


def _rejection_lines(rejections: list[tuple[str, str, str]]) -> list[str]:
    if not rejections:
        return ["## Rejections", "", "None.", ""]
    lines = ["## Rejections", "", "| input | stage | reason |", "|---|---|---|"]
    lines += [f"| `{_cell(uri)}` | {stage} | {_cell(reason)} |"
              for uri, stage, reason in rejections[:MAX_LISTED_REJECTIONS]]
    if len(rejections) > MAX_LISTED_REJECTIONS:
        lines.append(f"\n... and {len(rejections) - MAX_LISTED_REJECTIONS} more "
                     "(query `rejected_inputs`)")
    return [*lines, ""]


def _entity_lines(entities: pl.DataFrame, entities_new: int) -> list[str]:
    lines = ["## Entities", "",
             f"{entities_new} new entities; entities seen in this run by type:", ""]
    by_type = entities.group_by("entity_type").len().sort(["len", "entity_type"],
                                                          descending=[True, False])
    lines += [f"- {entity_type}: {count}" for entity_type, count in by_type.iter_rows()]
    return [*lines, ""]


def top_events(events: pl.DataFrame, limit: int = TOP_EVENT_COUNT) -> list[tuple[str, str, int]]:
    """(cameo_code, event_type, count) for the most frequent event codes of the run."""
    ranked = events.group_by("cameo_code", "event_type").len().sort(
        ["len", "cameo_code"], descending=[True, False]).head(limit)
    return [(code, kind, count) for code, kind, count in ranked.iter_rows()]


def _top_event_lines(events: pl.DataFrame) -> list[str]:
    ranked = top_events(events)
    if not ranked:
        return ["## Top events", "", "No events.", ""]
    lines = ["## Top events", "", "| CAMEO | event type | count |", "|---|---|---:|"]
    lines += [f"| {code} | {kind} | {count} |" for code, kind, count in ranked]
    return [*lines, ""]


def _quality_lines(quality: pl.DataFrame, data_docs: Path | None) -> list[str]:
    passed = quality.filter(pl.col("success")).height
    lines = ["## Quality checks", "", f"{passed} of {quality.height} expectations passed.", ""]
    failed = quality.filter(~pl.col("success"))
    if not failed.is_empty():
        lines += ["| table | column | expectation | severity | observed |", "|---|---|---|---|---|"]
        lines += [f"| {t} | {c or ''} | {e} | {s} | {_cell(o or '')} |" for t, c, e, s, o in
                  failed.select("table_name", "column_name", "expectation", "severity",
                                "observed").iter_rows()]
        lines.append("")
    if data_docs is not None:
        lines += [f"Data Docs: [{data_docs}]({data_docs.resolve().as_uri()})", ""]
    return lines


def events_table(run: ReportFrames, limit: int = MAX_EVENT_ROWS) -> list[dict[str, Any]]:
    """One row per event of the run, with its participants by name, for the table artifact."""
    names = run.entities.select("entity_id", "canonical_name")
    participants = (
        run.event_participants.join(names, on="entity_id", how="left")
        .group_by("event_id", "role").agg(pl.col("canonical_name").sort().str.join("; "))
        .pivot(on="role", index="event_id", values="canonical_name")
    )
    for role in ("source", "target"):
        if role not in participants.columns:
            participants = participants.with_columns(pl.lit(None, pl.String).alias(role))
    titles = run.articles.select("article_id", "title")
    table = (
        run.events
        .join(participants.select("event_id", "source", "target"), on="event_id", how="left")
        .join(titles, on="article_id", how="left")
        .sort("article_id", "start_char")
        .select(
            "title", "cameo_code", "event_type", "trigger", "source", "target",
            pl.col("event_date").cast(pl.String), "modality",
            pl.col("sentence").str.slice(0, SENTENCE_CHARS),
        )
        .head(limit)
    )
    return table.to_dicts()


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def publish_run_report(summary: RunSummary, staged: StagedRun, quality: pl.DataFrame,
                       data_docs: Path | None = None) -> tuple[str, ...]:
    """Create the run's markdown and events artifacts (inside a flow run). Returns the run's
    top events, `<CAMEO code> <event type> (<count>)`, for its summary."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    run = ReportFrames.from_staged(staged)
    create_markdown_artifact(
        key=REPORT_KEY, markdown=report_markdown(summary, run, quality, data_docs),
        description=f"newsflow run {summary.run_id}: {summary.status}, "
                    f"{summary.counts.articles_new} new articles",
    )
    create_table_artifact(
        key=EVENTS_KEY, table=events_table(run),
        description=f"Events found in run {summary.run_id} (first {MAX_EVENT_ROWS})",
    )
    return tuple(f"{code} {kind} ({count})" for code, kind, count in top_events(run.events))


def windows(count: int) -> str:
    return f"{count} window" + ("" if count == 1 else "s")
