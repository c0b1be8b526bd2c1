"""The CLI ends without the interpreter's teardown (newsflow.cli._exit_without_teardown), and
must still end with its command's exit status and everything it printed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_newsflow


@pytest.fixture
def warehouse(tmp_path: Path) -> str:
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    return str(path)


def test_a_command_that_succeeds_exits_0_with_its_output(warehouse: str) -> None:
    result = run_newsflow("query", "select 41 + 1 as answer", "--warehouse", warehouse)
    assert result.returncode == 0, result.stderr
    assert "42" in result.stdout


def test_a_command_that_fails_exits_1_with_its_message(warehouse: str) -> None:
    result = run_newsflow("query", "select nope", "--warehouse", warehouse)
    assert result.returncode == 1
    assert "nope" in result.stdout + result.stderr


def test_a_usage_error_exits_2() -> None:
    result = run_newsflow("no-such-command")
    assert result.returncode == 2
    assert "No such command" in result.stderr
