"""Validate: Great Expectations suites on each frame before anything is published.

Suites are declared in `tasks/data/expectations.json`, one per published table. GX 1.x checks
pandas frames (polars -> pandas through Arrow); warehouse-level rules (foreign keys, the
accounting identity) are plain DuckDB SQL in `sql/checks/`, run at publish time.

Each expectation has a severity:
- `critical`: a batch-level defect (duplicate keys, an empty table, too many mentions for an
  article's words). One failure refuses the whole run; nothing is published.
- `quarantine`: a row-level defect (a mention whose surface is not its text slice, an event
  with a bad CAMEO code, an article published in the future). The same declaration is
  evaluated in polars to find the failing rows; they go to the `quarantine` table with the
  reason and the rest of the run publishes.
- `warning`: recorded in `quality_results` only.

Values that depend on the run (`"$run_time"`, `"$run_date"`) are filled in at validation time,
so "not in the future" means "not after this run started".
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from tasks import checkpoints
from tasks.assemble import GateOutcome, Quarantined, RunFrames, quarantine_frame

EXPECTATIONS_FILE = Path(__file__).parent / "data" / "expectations.json"
DATA_DOCS_SITE = "newsflow"
RESULTS_STORE = "run_validation_results"  # the validation results of all a run's windows
SEVERITIES = ("critical", "quarantine", "warning")

QUALITY_SCHEMA = {
    "run_id": pl.String, "suite": pl.String, "table_name": pl.String,
    "expectation": pl.String, "column_name": pl.String, "success": pl.Boolean,
    "observed": pl.String, "checked_at": pl.Datetime("us"), "severity": pl.String,
}


@dataclass(frozen=True)
class ValidationReport:
    results: pl.DataFrame  # QUALITY_SCHEMA, one row per expectation checked
    quarantine: pl.DataFrame  # assemble.QUARANTINE_SCHEMA, one row per quarantined row
    data_docs: Path | None = None  # index.html of the Data Docs, when built
    row_keys: dict[str, list[str]] = field(default_factory=dict)  # table -> identifying columns

    @property
    def critical_failures(self) -> pl.DataFrame:
        return self.results.filter(~pl.col("success") & (pl.col("severity") == "critical"))

    @property
    def passed(self) -> bool:
        return self.critical_failures.is_empty()


@dataclass(frozen=True)
class Suites:
    rules: dict[str, list[dict[str, Any]]]  # table -> expectation declarations
    row_keys: dict[str, list[str]]  # table -> columns that identify a row (for quarantine)


@lru_cache(maxsize=4)
def load_suites(path: Path = EXPECTATIONS_FILE) -> Suites:
    spec = json.loads(path.read_text(encoding="utf-8"))
    rules = {table: rules for table, rules in spec.items() if not table.startswith("_")}
    for table, declared in rules.items():
        for rule in declared:
            severity = rule.get("severity", "critical")
            if severity not in SEVERITIES:
                raise ValueError(f"{path}: {table}.{rule['type']} has unknown severity {severity!r}")
            if severity == "quarantine" and rule["type"] not in _ROW_RULES:
                raise ValueError(f"{path}: {rule['type']} cannot quarantine rows "
                                 f"(row-level types: {sorted(_ROW_RULES)})")
    return Suites(rules, spec.get("_row_keys", {}))


def _camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def _observed(result: dict[str, Any]) -> str:
    if "observed_value" in result:
        return str(result["observed_value"])
    if "unexpected_count" in result:
        sample = result.get("partial_unexpected_list") or []
        count = result["unexpected_count"]
        return f"{count} unexpected, e.g. {sample[:3]}" if count else "0 unexpected"
    return ""


def _with_run_values(kwargs: dict[str, Any], checked_at: datetime) -> dict[str, Any]:
    """Fill the run-dependent placeholders of an expectation's arguments."""
    values = {"$run_time": checked_at, "$run_date": checked_at.replace(
        hour=0, minute=0, second=0, microsecond=0)}
    return {key: values.get(value, value) if isinstance(value, str) else value
            for key, value in kwargs.items()}


def validate_frames(
    frames: dict[str, pl.DataFrame], run_id: str, checked_at: datetime,
    docs_dir: Path | None = None, suites_file: Path | None = None,
    *, window: str | None = None, results_dir: Path | None = None,
) -> ValidationReport:
    """Run the suite of every table named in `frames`: one result row per expectation, the
    rows that fail a quarantine rule, and (when `docs_dir` is given) Data Docs built there.

    A run validated in windows passes each window's label ("window 3 of 19"), which names its
    Data Docs pages, and one `results_dir` for all of them: the validation results are kept
    there, so the index built after the last window lists every window, not only the last."""
    suites = load_suites(suites_file or EXPECTATIONS_FILE)
    # GX logs INFO chatter (temporary docs folders) from import on; keep it out of run logs.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx  # heavy import (~3 s): only when validating
    from great_expectations.core.run_identifier import RunIdentifier

    context = gx.get_context(mode="ephemeral")  # one context per run, never per table
    _quiet_progress_bars(context)
    if docs_dir is not None:
        _add_docs_site(context, docs_dir, results_dir)
    source = context.data_sources.add_pandas("newsflow")
    gx_run = RunIdentifier(run_name=f"{run_id} {window}" if window else run_id, run_time=checked_at)
    rows: list[dict[str, Any]] = []
    quarantined: list[pl.DataFrame] = []
    for table, rules in suites.rules.items():
        frame = frames.get(table)
        if frame is None:
            continue
        suite = context.suites.add(gx.ExpectationSuite(name=f"{table}_suite"))
        severities = []
        for rule in rules:
            kwargs = _with_run_values(rule["kwargs"], checked_at)
            suite.add_expectation(getattr(gx.expectations, _camel(rule["type"]))(**kwargs))
            severities.append(rule.get("severity", "critical"))
        batch_definition = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("run")
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{table}_validation", data=batch_definition, suite=suite))
        outcome = definition.run(batch_parameters={"dataframe": frame.to_pandas()}, run_id=gx_run)
        for result, severity in zip(outcome.results, severities, strict=True):
            config = result.expectation_config
            rows.append({
                "run_id": run_id, "suite": suite.name, "table_name": table,
                "expectation": config.type,
                "column_name": config.kwargs.get("column") or _pair(config.kwargs),
                "success": bool(result.success), "observed": _observed(result.result),
                "checked_at": checked_at, "severity": severity,
            })
        quarantined.append(quarantine_rows(table, frame, rules, suites.row_keys.get(table, []),
                                           run_id, checked_at))
    docs_index = None
    if docs_dir is not None:
        checkpoints.reached("data-docs")
        _build_docs(context, gx_run, [f"{table}_suite" for table in suites.rules])
        docs_index = docs_dir / "index.html"
    return ValidationReport(pl.DataFrame(rows, schema=QUALITY_SCHEMA),
                            quarantine_frame(quarantined), docs_index, suites.row_keys)


def remove_run_docs(docs_dir: Path, run_id: str) -> None:
    """Delete the Data Docs pages of run `run_id` (every window's), and the whole site when no
    other run's pages are left in it: what a run stopped by a full disk wrote there goes."""
    for folder in docs_dir.glob(f"validations/*/{run_id}*"):
        shutil.rmtree(folder, ignore_errors=True)
    if docs_dir.is_dir() and not any(docs_dir.glob("validations/*/*")):
        shutil.rmtree(docs_dir, ignore_errors=True)


def _add_docs_site(context: Any, docs_dir: Path, results_dir: Path | None) -> None:
    """Data Docs as static HTML in `docs_dir`. The index lists the validation results the
    context holds: this call's only (in memory), or all those kept in `results_dir`."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    if results_dir is not None:
        context.add_store(RESULTS_STORE, {
            "class_name": "ValidationResultsStore",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                              "base_directory": str(results_dir.resolve())},
        })
        context.validation_results_store_name = RESULTS_STORE
    context.add_data_docs_site(DATA_DOCS_SITE, {
        "class_name": "SiteBuilder",
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(docs_dir.resolve())},
    })


def _build_docs(context: Any, gx_run: Any, suite_names: list[str]) -> None:
    """Render this call's pages only, not those of the windows before it (their pages are
    written already), and the index, which lists every result the context keeps."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    these = [key for key in context.validation_results_store.list_keys() if key.run_id == gx_run]
    suites = [ExpectationSuiteIdentifier(name=name) for name in suite_names]
    context.build_data_docs(site_names=[DATA_DOCS_SITE], resource_identifiers=[*these, *suites])


def _pair(kwargs: dict[str, Any]) -> str | None:
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def _quiet_progress_bars(context: Any) -> None:
    """GX draws tqdm bars per validation; a pipeline's log is no place for them."""
    try:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
    except (ImportError, AttributeError):  # layout moved in another GX release: bars are cosmetic
        pass


# ---------------------------------------------------------------------------------------------
# Quarantine: the row-level expectations, evaluated in polars to find the failing rows
# ---------------------------------------------------------------------------------------------


def _between(value: pl.Expr, kwargs: dict[str, Any]) -> pl.Expr:
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    fails = pl.lit(False)
    if low is not None:
        fails = fails | (value < low)
    if high is not None:
        fails = fails | (value > high)
    return fails


def _pair_not_greater(kwargs: dict[str, Any]) -> pl.Expr:
    a, b = pl.col(kwargs["column_A"]), pl.col(kwargs["column_B"])
    return ~(a >= b) if kwargs.get("or_equal") else ~(a > b)


# expectation type -> expression that is True on the rows that fail it (like GX, nulls pass
# every rule but not-null and pair equality)
_ROW_RULES: dict[str, Callable[[dict[str, Any]], pl.Expr]] = {
    "expect_column_values_to_not_be_null": lambda k: pl.col(k["column"]).is_null(),
    "expect_column_values_to_be_in_set": lambda k: ~pl.col(k["column"]).is_in(k["value_set"]),
    "expect_column_values_to_match_regex":
        lambda k: ~pl.col(k["column"]).cast(pl.String).str.contains(k["regex"]),
    "expect_column_values_to_be_between": lambda k: _between(pl.col(k["column"]), k),
    "expect_column_value_lengths_to_be_between":
        lambda k: _between(pl.col(k["column"]).str.len_chars(), k),
    "expect_column_pair_values_to_be_equal":
        lambda k: pl.col(k["column_A"]).ne_missing(pl.col(k["column_B"])),
    "expect_column_pair_values_a_to_be_greater_than_b": _pair_not_greater,
}


def quarantine_rows(
    table: str, frame: pl.DataFrame, rules: list[dict[str, Any]], key_columns: list[str],
    run_id: str, checked_at: datetime,
) -> pl.DataFrame:
    """One quarantine row per row of `frame` failing any of the table's quarantine rules:
    its key, every reason it failed, and the whole row as JSON."""
    checks = [
        (_ROW_RULES[rule["type"]](_with_run_values(rule["kwargs"], checked_at)).fill_null(False),
         rule.get("reason") or _default_reason(rule))
        for rule in rules if rule.get("severity") == "quarantine"
    ]
    if not checks or frame.is_empty():
        return quarantine_frame([])
    reasons = pl.concat_list([
        pl.when(fails).then(pl.lit(reason)).otherwise(pl.lit(None, pl.String))
        for fails, reason in checks
    ]).list.drop_nulls()
    judged = frame.with_columns(_reasons=reasons).filter(pl.col("_reasons").list.len() > 0)
    return judged.select(
        run_id=pl.lit(run_id), table_name=pl.lit(table),
        row_key=row_key_expr(key_columns),
        reason=pl.col("_reasons").list.join("; "),
        row_json=pl.struct(pl.exclude("_reasons")).struct.json_encode(),
        quarantined_at=pl.lit(checked_at),
    )


def _default_reason(rule: dict[str, Any]) -> str:
    return f"failed {rule['type']} {json.dumps(rule['kwargs'], sort_keys=True)}"


def row_key_expr(key_columns: list[str]) -> pl.Expr:
    """A row's identity as one string: its key columns joined with '|'."""
    if not key_columns:
        return pl.lit(None, pl.String)
    return pl.concat_str([pl.col(c).cast(pl.String).fill_null("") for c in key_columns],
                         separator="|")


def apply_quarantine(run: RunFrames, report: ValidationReport | None,
                     run_id: str) -> tuple[RunFrames, Quarantined]:
    """Remove the quarantined rows (and the rows that depend on them) from the run; a
    quarantined article becomes a `rejected_inputs` row (stage 'validate'), so the accounting
    identity still holds. The quarantine rows themselves publish with the run."""
    if report is None or report.quarantine.is_empty():
        return run, Quarantined()
    keys = report.row_keys
    quarantine = report.quarantine

    def quarantined(table: str) -> pl.Series:
        return quarantine.filter(pl.col("table_name") == table)["row_key"]

    def keep(table: str, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(~row_key_expr(keys.get(table, [])).is_in(quarantined(table).implode()))

    dropped_articles = run.articles.join(
        quarantine.filter(pl.col("table_name") == "articles").select(
            article_id="row_key", reason="reason"), on="article_id")
    run = run.without_articles(set(dropped_articles["article_id"]))
    events = keep("events", run.events)
    run = replace(
        run,
        mentions=keep("mentions", run.mentions),
        entity_roles=keep("entity_roles", run.entity_roles),
        events=events,
        event_participants=keep("event_participants", run.event_participants).filter(
            pl.col("event_id").is_in(events["event_id"].implode())),
        quarantine=quarantine,
    ).with_used_entities_only()
    rejected = dropped_articles.select(
        pl.col("source_uri"), run_id=pl.lit(run_id), stage=pl.lit("validate"),
        reason=pl.format("quarantined: {}", pl.col("reason")),
        detected_at=pl.lit(quarantine["quarantined_at"][0]),
    )
    run = replace(run, rejected_inputs=pl.concat(
        [run.rejected_inputs, rejected.cast(dict(run.rejected_inputs.schema))], how="diagonal"))
    return run, Quarantined(
        rejections=tuple(rejected.select("source_uri", "stage", "reason").iter_rows()),
        rows=quarantine.height)


def gate_outcome(report: ValidationReport | None) -> GateOutcome:
    """The quality results to record, every failure, the Data Docs and, when a critical
    expectation failed, the reason the run is refused."""
    if report is None:  # nothing new to validate
        return GateOutcome(pl.DataFrame(schema=QUALITY_SCHEMA), validated=False)
    return GateOutcome(
        report.results, failures=tuple(_describe(report.results.filter(~pl.col("success")))),
        data_docs=str(report.data_docs) if report.data_docs else None,
        refusal=None if report.passed else "critical expectations failed: " + "; ".join(
            _describe(report.critical_failures)))


def _describe(results: pl.DataFrame) -> list[str]:
    return [f"{table}.{column}: {expectation} ({observed})"
            for table, column, expectation, observed in results.select(
                "table_name", "column_name", "expectation", "observed").iter_rows()]
