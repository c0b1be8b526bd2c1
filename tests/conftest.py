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
    cache = getattr(config, "cache", None)  # absent under -p no:cacheprovider
    home = Path(cache.mkdir("prefect-home")) if cache else PROJECT / ".prefect-test"
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


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
