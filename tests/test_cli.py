"""The command line: help, queries, and one clear line (no traceback) for every user error."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_newsflow


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_help_lists_every_command() -> None:
    result = run_newsflow("--help")
    assert result.returncode == 0
    for command in ("run", "query"):
        assert command in result.stdout


def test_query_prints_a_table(seed_warehouse: Path) -> None:
    result = run_newsflow(
        "query", "select canonical_name, entity_type from entities where entity_type = 'PERSON' "
        "order by 1", "--warehouse", str(seed_warehouse))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["canonical_name", "entity_type"]
    assert set(lines[1]) == {"-", " "}
    assert any(line.startswith("Gina Raimondo") and line.endswith("PERSON") for line in lines)


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_query_writes_files(seed_warehouse: Path, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"out.{fmt}"
    result = run_newsflow("query", "select canonical_name, aliases from entities order by 1",
                          "--warehouse", str(seed_warehouse), "--format", fmt, "--output", str(output))
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(seed_warehouse), read_only=True) as db:
        expected = db.execute("select count(*) from entities").fetchone()[0]
    if fmt == "json":
        assert len(json.loads(output.read_text())) == expected
    elif fmt == "csv":
        assert len(output.read_text().strip().splitlines()) == expected + 1
    else:
        import polars as pl
        assert pl.read_parquet(output).height == expected


def test_query_from_file(seed_warehouse: Path, tmp_path: Path) -> None:
    sql = tmp_path / "q.sql"
    sql.write_text("-- how many articles\nselect count(*) as n from articles\n")
    result = run_newsflow("query", "--file", str(sql), "--warehouse", str(seed_warehouse))
    assert result.returncode == 0 and result.stdout.splitlines()[2].strip() == "1"


def test_query_cannot_write(seed_warehouse: Path) -> None:
    result = run_newsflow("query", "delete from articles", "--warehouse", str(seed_warehouse))
    assert_one_line_error(result, "read-only")
    with duckdb.connect(str(seed_warehouse), read_only=True) as db:
        assert db.execute("select count(*) from articles").fetchone()[0] == 1


def test_bad_sql_is_one_line(seed_warehouse: Path) -> None:
    assert_one_line_error(run_newsflow("query", "selec nonsense", "--warehouse", str(seed_warehouse)),
                          "Error:")


def test_missing_warehouse_is_one_line(tmp_path: Path) -> None:
    assert_one_line_error(run_newsflow("query", "select 1", "--warehouse", str(tmp_path / "none.duckdb")),
                          "no warehouse")


def test_missing_input_path_is_one_line(tmp_path: Path) -> None:
    assert_one_line_error(run_newsflow("run", str(tmp_path / "nowhere"), "--warehouse",
                                       str(tmp_path / "w.duckdb")), "no such file or folder")


def test_locked_warehouse_is_one_line(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    holder = duckdb.connect(str(warehouse))  # this process holds the write lock
    try:
        result = run_newsflow("query", "select 1", "--warehouse", str(warehouse),
                              env={"NEWSFLOW_LOCK_TIMEOUT_SECONDS": "1"})
        assert_one_line_error(result, "locked")
    finally:
        holder.close()


def test_bad_setting_in_environment_is_one_line(tmp_path: Path) -> None:
    result = run_newsflow("query", "select 1", env={"NEWSFLOW_BATCH_SIZE": "many"})
    assert_one_line_error(result, "NEWSFLOW_BATCH_SIZE")
