"""Validate: Great Expectations suites on each frame before anything is published.

Suites are declared in `tasks/data/expectations.json`, one per published table. GX 1.x checks
pandas frames (polars -> pandas through Arrow); warehouse-level rules (foreign keys, the
accounting identity) are plain DuckDB SQL in `sql/checks/`, run at publish time.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

EXPECTATIONS_FILE = Path(__file__).parent / "data" / "expectations.json"

QUALITY_SCHEMA = {
    "run_id": pl.String, "suite": pl.String, "table_name": pl.String,
    "expectation": pl.String, "column_name": pl.String, "success": pl.Boolean,
    "observed": pl.String, "checked_at": pl.Datetime("us"), "severity": pl.String,
}


@dataclass(frozen=True)
class ValidationReport:
    results: pl.DataFrame  # QUALITY_SCHEMA, one row per expectation checked

    @property
    def critical_failures(self) -> pl.DataFrame:
        return self.results.filter(~pl.col("success") & (pl.col("severity") == "critical"))

    @property
    def passed(self) -> bool:
        return self.critical_failures.is_empty()


@lru_cache(maxsize=1)
def load_suites(path: Path = EXPECTATIONS_FILE) -> dict[str, list[dict[str, Any]]]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    return {table: rules for table, rules in spec.items() if not table.startswith("_")}


def _camel(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def _observed(result: dict[str, Any]) -> str:
    if "observed_value" in result:
        return str(result["observed_value"])
    if "unexpected_count" in result:
        sample = result.get("partial_unexpected_list") or []
        return f"{result['unexpected_count']} unexpected, e.g. {sample[:3]}"
    return ""


def validate_frames(frames: dict[str, pl.DataFrame], run_id: str, checked_at: datetime) -> ValidationReport:
    """Run the suite of every table named in `frames` and return one row per expectation."""
    # GX logs INFO chatter (temporary docs folders) from import on; keep it out of run logs.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx  # heavy import (~3 s): only when validating

    context = gx.get_context(mode="ephemeral")
    _quiet_progress_bars(context)
    source = context.data_sources.add_pandas("newsflow")
    rows: list[dict[str, Any]] = []
    for table, rules in load_suites().items():
        frame = frames.get(table)
        if frame is None:
            continue
        suite = gx.ExpectationSuite(name=f"{table}_suite")
        severities = []
        for rule in rules:
            kwargs = dict(rule["kwargs"])
            if rule["type"] == "expect_column_values_to_be_unique" or "column" in kwargs:
                kwargs.setdefault("mostly", 1.0)
            suite.add_expectation(getattr(gx.expectations, _camel(rule["type"]))(**kwargs))
            severities.append(rule.get("severity", "critical"))
        batch = (
            source.add_dataframe_asset(table)
            .add_batch_definition_whole_dataframe("run")
            .get_batch(batch_parameters={"dataframe": frame.to_pandas()})
        )
        outcome = batch.validate(suite)
        for result, severity in zip(outcome.results, severities, strict=True):
            config = result.expectation_config
            rows.append({
                "run_id": run_id, "suite": suite.name, "table_name": table,
                "expectation": config.type,
                "column_name": config.kwargs.get("column") or _pair(config.kwargs),
                "success": bool(result.success), "observed": _observed(result.result),
                "checked_at": checked_at, "severity": severity,
            })
    return ValidationReport(pl.DataFrame(rows, schema=QUALITY_SCHEMA))


def _pair(kwargs: dict[str, Any]) -> str | None:
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    return None


def _quiet_progress_bars(context: Any) -> None:
    """GX draws tqdm bars per validation; a pipeline's log is no place for them."""
    try:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False)
    except (ImportError, AttributeError):  # layout moved in another GX release: bars are cosmetic
        pass
