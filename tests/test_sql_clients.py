"""Every SQL client opens the warehouse: a real DuckDB 1.x (the Python package and the CLI, set
up by `make duckdb1-client` in .venv-duckdb1/) opens warehouses `newsflow run` built and gets
the same rows as DuckDB 2.0 from every table, view and example query; a 2.0-format file is
migrated and then opens in 1.x; an export reads back row for row, in 2.0 and in 1.x."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tasks.load import storage_version_of
from tasks.warehouse_export import trino_type
from tests.analyst_warehouses import corpus_warehouse
from tests.conftest import PROJECT, ingest, run_newsflow

__all__ = ["corpus_warehouse"]  # a fixture, imported for pytest
DUCKDB1_BIN = PROJECT / ".venv-duckdb1" / "bin"
ROWS_SCRIPT = PROJECT / "tests" / "sql_client_rows.py"


@pytest.fixture(scope="session")
def duckdb1() -> Path:
    """The 1.x client's Python. `make test` sets it up; CI must have it."""
    if not (DUCKDB1_BIN / "python").exists():
        if os.environ.get("CI"):
            pytest.fail("no DuckDB 1.x client in .venv-duckdb1/: `make test` sets it up (make duckdb1-client)")
        pytest.skip("no DuckDB 1.x client in .venv-duckdb1/ (make duckdb1-client)")
    return DUCKDB1_BIN / "python"


def rows_seen_by(python: Path | str, *arguments: str) -> dict[str, dict]:
    """What tests/sql_client_rows.py prints, run by `python` (whose duckdb it uses)."""
    result = subprocess.run([str(python), str(ROWS_SCRIPT), *arguments], capture_output=True, text=True,
                            timeout=600, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_same_results(expected: dict[str, dict], seen: dict[str, dict]) -> None:
    """`seen` (by a DuckDB 1.x client, or read back from an export) has exactly the columns,
    types and rows of `expected` (DuckDB 2.0 on the warehouse), query by query."""
    assert expected["duckdb_version"].startswith("2.")
    names = sorted(set(expected) - {"duckdb_version"})
    assert sorted(set(seen) - {"duckdb_version"}) == names
    for name in names:
        assert "error" not in expected[name], f"{name} fails on DuckDB 2.0: {expected[name]['error']}"
        assert seen[name] == expected[name], (
            f"{name} differs on DuckDB {seen['duckdb_version']}: {seen[name].get('error', '')}")


def table_counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = [row[0] for row in connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' order by 1").fetchall()]
        return {table: connection.execute(f'select count(*) from "{table}"').fetchall()[0][0]
                for table in tables}


def format_of(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return storage_version_of(connection)


def test_a_fresh_warehouse_is_written_for_duckdb_1_4_and_later(seed_warehouse: Path) -> None:
    assert format_of(seed_warehouse) == "v1.4.0"


def test_duckdb_1x_runs_every_table_view_and_example_with_duckdb_2s_rows_on_the_seed(
        seed_warehouse: Path, duckdb1: Path) -> None:
    arguments = ("warehouse", str(seed_warehouse), str(PROJECT / "sql"))
    seen = rows_seen_by(sys.executable, *arguments)
    assert len(seen["relation/entities"]["rows"]) > 0 and len(seen["example/01_who_met_whom"]["rows"]) > 0
    by_duckdb1 = rows_seen_by(duckdb1, *arguments)
    assert by_duckdb1["duckdb_version"].startswith("1.")
    assert_same_results(seen, by_duckdb1)


def test_duckdb_1x_runs_every_table_view_and_example_with_duckdb_2s_rows_on_a_corpus(
        corpus_warehouse: Path, duckdb1: Path) -> None:
    arguments = ("warehouse", str(corpus_warehouse), str(PROJECT / "sql"))
    seen = rows_seen_by(sys.executable, *arguments)
    assert len(seen["relation/events"]["rows"]) > 50
    assert_same_results(seen, rows_seen_by(duckdb1, *arguments))


def test_the_duckdb_1x_cli_opens_the_warehouse_read_only(seed_warehouse: Path, duckdb1: Path) -> None:
    result = subprocess.run(
        [str(DUCKDB1_BIN / "duckdb"), str(seed_warehouse), "-readonly", "-json", "-c",
         "select version() as version, count(*) as entities from entities"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["version"].startswith("v1.")
    assert row["entities"] == table_counts(seed_warehouse)["entities"]


def test_a_duckdb_2_format_warehouse_keeps_working_and_migrates_to_one_duckdb_1x_opens(
        seed_warehouse: Path, duckdb1: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "newsflow.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    to_latest = run_newsflow("warehouse", "migrate", "--storage-version", "latest", "--warehouse", str(warehouse))
    assert to_latest.returncode == 0, to_latest.stderr
    assert format_of(warehouse) == "v2.0.0"
    refused = subprocess.run([str(duckdb1), "-c", f"import duckdb; duckdb.connect({str(warehouse)!r}, read_only=True)"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and "version" in refused.stderr

    # An existing 2.0-format warehouse keeps working: a run adds to it and it keeps its format.
    article = tmp_path / "inbox" / "talks.txt"
    article.parent.mkdir()
    article.write_text("Trade talks\n\nGerman Chancellor Olaf Scholz met French President Emmanuel Macron "
                       "in Paris on Monday to discuss tariffs on Chinese electric cars.\n", encoding="utf-8")
    before = table_counts(warehouse)
    ingest([article.parent], warehouse)
    after = table_counts(warehouse)
    assert format_of(warehouse) == "v2.0.0"
    assert after["articles"] == before["articles"] + 1

    migrated = run_newsflow("warehouse", "migrate", "--storage-version", "v1.4.0", "--warehouse", str(warehouse))
    assert migrated.returncode == 0, migrated.stderr
    assert "v2.0.0 -> v1.4.0" in migrated.stdout
    assert format_of(warehouse) == "v1.4.0"
    assert table_counts(warehouse) == after  # every row of every table
    kept = tmp_path / "newsflow.v2.0.0.duckdb"
    assert kept.exists() and format_of(kept) == "v2.0.0"
    arguments = ("warehouse", str(warehouse), str(PROJECT / "sql"))
    assert_same_results(rows_seen_by(sys.executable, *arguments), rows_seen_by(duckdb1, *arguments))
    again = run_newsflow("warehouse", "migrate", "--storage-version", "v1.4.0", "--warehouse", str(warehouse))
    assert again.returncode == 0 and "nothing to do" in again.stdout


def test_a_migration_whose_copy_breaks_a_warehouse_rule_leaves_the_file_as_it_was(
        seed_warehouse: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "newsflow.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as connection:  # a mention of an article that is not there
        connection.execute("insert into mentions select 'no-such-article', entity_id, surface, start_char, "
                           "end_char, sentence_index, label from mentions limit 1")
    before = table_counts(warehouse)
    result = run_newsflow("warehouse", "migrate", "--storage-version", "latest", "--warehouse", str(warehouse))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: the copy breaks warehouse rules")
    assert format_of(warehouse) == "v1.4.0" and table_counts(warehouse) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["newsflow.duckdb"]


def test_an_unknown_storage_version_is_refused_in_one_line(seed_warehouse: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "newsflow.duckdb"
    shutil.copy(seed_warehouse, warehouse)
    for version in ("1.2", "v1.3.2", "v9.0.0"):
        result = run_newsflow("warehouse", "migrate", "--storage-version", version, "--warehouse", str(warehouse))
        assert result.returncode == 1 and result.stderr.startswith("Error: ")
        assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(path.name for path in tmp_path.iterdir()) == ["newsflow.duckdb"]


def test_export_reads_back_row_for_row_in_duckdb_2_and_1x(
        seed_warehouse: Path, duckdb1: Path, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    # A low threshold, so that the partitioned layouts are exported and read back too.
    result = run_newsflow("export", str(folder), "--warehouse", str(seed_warehouse), "--partition-rows", "5")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tables = {table["name"]: table for table in manifest["tables"]}
    counts = table_counts(seed_warehouse)
    expected = {path.stem for kind in ("tables", "seeds", "views") for path in (PROJECT / "sql" / kind).glob("*.sql")}
    assert set(tables) == expected
    for name, table in tables.items():
        if table["kind"] == "table":
            assert table["rows"] == counts[name]
    assert tables["events"]["partitioned_by"] == "event_month"
    assert all(file.startswith("events/event_month=") for file in tables["events"]["files"])
    assert tables["quality_results"]["partitioned_by"] == "run_id"
    assert tables["quarantine"]["partitioned_by"] is None  # empty: one file, never partitioned
    assert set(manifest["sql"]) == {"duckdb", "spark", "trino"}
    assert "partitioned_by = ARRAY['event_month']" in manifest["sql"]["trino"]

    in_warehouse = rows_seen_by(sys.executable, "warehouse", str(seed_warehouse), str(PROJECT / "sql"))
    in_warehouse = {key: value for key, value in in_warehouse.items() if not key.startswith("example/")}
    assert_same_results(in_warehouse, rows_seen_by(sys.executable, "export", str(folder)))
    read_by_duckdb1 = rows_seen_by(duckdb1, "export", str(folder))
    assert read_by_duckdb1["duckdb_version"].startswith("1.")
    assert_same_results(in_warehouse, read_by_duckdb1)


def test_export_refuses_a_folder_that_is_not_empty_unless_told(seed_warehouse: Path, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run_newsflow("export", str(folder), "--warehouse", str(seed_warehouse))
    assert refused.returncode == 1 and "is not empty" in refused.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]
    replaced = run_newsflow("export", str(folder), "--warehouse", str(seed_warehouse), "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert (folder / "notes.txt").exists() and (folder / "manifest.json").exists()


def test_trino_types_follow_duckdb_types_into_lists_and_structs() -> None:
    assert trino_type("VARCHAR[]") == "array(varchar)"
    assert trino_type("STRUCT(\"month\" DATE, mentions BIGINT)[]") == 'array(row("month" date, mentions bigint))'
    assert trino_type("DECIMAL(18,3)") == "decimal(18,3)"
    assert trino_type("MAP(VARCHAR, INTEGER[])") == "map(varchar, array(integer))"
    with pytest.raises(ValueError, match="no Trino type"):
        trino_type("UNION(a INTEGER)")
