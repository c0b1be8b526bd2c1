"""Shared fixtures. Fixtures are named for the state they give (`seed_warehouse`, ...)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEEDS = PROJECT / "seeds"
NEWSFLOW = [sys.executable, "-m", "newsflow.cli"]

requires_shared = pytest.mark.skipif(
    not (SHARED / "data").exists(), reason="needs ../shared/data (absent in a fresh clone)"
)


def pytest_configure(config: pytest.Config) -> None:
    # Every Prefect run in the tests (in-process or in a subprocess) uses a throwaway home,
    # offline and without analytics.
    cache = getattr(config, "cache", None)  # absent under `-p no:cacheprovider`
    home = Path(cache.mkdir("prefect-home")) if cache else PROJECT / ".prefect-test"
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


# `make test-fast` runs what is not `slow`: the unit tests. Slow are the tests of a whole run
# (a `newsflow run`, the CLI in a subprocess, a Prefect server) and those on the shared corpus:
# every test of these modules, and any test that uses a warehouse a run built.
SLOW_MODULES = {
    "test_bad_input_e2e", "test_benchmark_corpus", "test_cli", "test_concurrent_runs",
    "test_dask_runner", "test_disk_full", "test_docs", "test_event_gold", "test_examples",
    "test_faults", "test_incremental_inbox", "test_marts", "test_place_gold", "test_prefect_ui",
    "test_quality_gates", "test_report", "test_rerun", "test_resume", "test_seed_pipeline",
    "test_sources_e2e", "test_sources_file", "test_sql_clients", "test_views", "test_warc",
    "test_warehouse_faults", "test_windows",
}
SLOW_FIXTURES = {"seed_warehouse"}  # and every fixture built on it (pytest lists those too)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        if module in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def run_newsflow(*args: str, env: dict[str, str] | None = None,
                 timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, from the project root."""
    return subprocess.run(
        [*NEWSFLOW, *args], cwd=PROJECT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def ingest(paths: list[Path], warehouse: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    result = run_newsflow("run", *map(str, paths), "--warehouse", str(warehouse), *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by `newsflow run seeds/`."""
    warehouse = tmp_path_factory.mktemp("seed") / "newsflow.duckdb"
    ingest([SEEDS], warehouse)
    return warehouse


@pytest.fixture
def seed_db(seed_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(seed_warehouse), read_only=True)
    yield connection
    connection.close()
