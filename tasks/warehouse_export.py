"""Export every contract table (`sql/tables/`, `sql/seeds/`) and view (`sql/views/`) as Parquet, for engines
that read Parquet and not DuckDB files (Spark, Trino, BigQuery, pandas, R, older DuckDBs).

Each table or view gets a folder `<folder>/<name>/`. Up to `partition_rows` rows it holds one
file, `<name>.parquet`. Past that, `events` is split by month of `event_date`
(`event_month=2023-05/`, `event_month=undated/`), a table with a `run_id` by run
(`run_id=<id>/`), both as Hive partitions (the partition column lives in the folder names, not
in the files, as Spark and Trino expect), and any other into files of bounded size. Beside them,
`manifest.json` lists every table with its row count, columns and files, and the SQL that
registers the files as tables in DuckDB, Spark SQL and Trino (also as `register_<engine>.sql`).

Everything is read in one transaction of a read-only connection, so the files hold one
published state of the warehouse: a run publishing meanwhile waits for the lock, as it waits
for any reader. Each file's rows are counted back before the manifest is written.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from tasks.load import open_warehouse, storage_version_of
from tasks.warehouse_files import SQL_DIR

PARTITION_ROWS = 1_000_000  # tables over this many rows are split into partitions
FILE_BYTES = "256MB"  # the file size a table with no partition key is split at
EVENT_MONTH = "event_month"
# The partition column of a table, and the SQL that computes it from a row.
PARTITION_KEYS = {"events": (EVENT_MONTH, "coalesce(strftime(event_date, '%Y-%m'), 'undated')")}
RUN_PARTITION = ("run_id", "run_id")  # a column of the table: moved from the files to the folders
ENGINES = ("duckdb", "spark", "trino")
# Parquet has no 128-bit integers (DuckDB would write them as DOUBLE); counts fit in BIGINT.
WIDENED_TYPES = {"HUGEINT": "BIGINT", "UHUGEINT": "BIGINT"}


@dataclass
class ExportedTable:
    name: str
    kind: str  # "table" or "view"
    rows: int
    columns: list[dict[str, str]]  # name, type (DuckDB's name for it)
    path: str  # folder, relative to the export folder
    files: list[str] = field(default_factory=list)  # relative to the export folder
    partitioned_by: str | None = None  # a Hive partition column (in folder names only)


@dataclass
class Export:
    folder: Path
    tables: list[ExportedTable]


def contract_objects() -> list[tuple[str, str]]:
    """(name, kind) of every table and view the warehouse contract promises, from `sql/`: the
    tables, the seed tables (reference data such as `country_codes`) and the views."""
    return ([(file.stem, "table") for file in sorted((SQL_DIR / "tables").glob("*.sql"))]
            + [(file.stem, "table") for file in sorted((SQL_DIR / "seeds").glob("*.sql"))]
            + [(file.stem, "view") for file in sorted((SQL_DIR / "views").glob("*.sql"))])


def export_warehouse(warehouse: Path, folder: Path, lock_timeout: float = 30.0,
                     partition_rows: int = PARTITION_ROWS, overwrite: bool = False) -> Export:
    """Write every contract table and view of `warehouse` as Parquet under `folder`."""
    folder = folder.resolve()
    objects = contract_objects()
    _prepare(folder, [name for name, _ in objects], overwrite)
    exported = []
    with open_warehouse(warehouse, read_only=True, lock_timeout=lock_timeout) as connection:
        connection.execute("begin transaction")  # one snapshot for every file
        try:
            # a warehouse no run has opened since a seed table was added lacks it until the next run
            present = {row[0] for row in connection.execute(
                "select table_name from information_schema.tables").fetchall()}
            seeds = {file.stem for file in (SQL_DIR / "seeds").glob("*.sql")}
            for name, kind in objects:
                if name in seeds and name not in present:
                    continue
                exported.append(_export_one(connection, folder, name, kind, partition_rows))
            version = storage_version_of(connection)
        finally:
            connection.execute("rollback")  # read only: nothing to keep
        for table in exported:
            _check_files(connection, folder, table)
    manifest = {
        "warehouse": str(warehouse.resolve()),
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "duckdb_version": duckdb.__version__,
        "warehouse_storage_version": version,
        "tables": [asdict(table) for table in exported],
        "sql": {engine: registration_sql(engine, folder, exported) for engine in ENGINES},
    }
    for engine in ENGINES:
        (folder / f"register_{engine}.sql").write_text(manifest["sql"][engine], encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return Export(folder, exported)


def _prepare(folder: Path, names: list[str], overwrite: bool) -> None:
    """An export goes to a new or empty folder; `overwrite` replaces an earlier export's files
    (and only those: its table folders, manifest and registration SQL)."""
    if folder.exists() and any(folder.iterdir()):
        if not overwrite:
            raise ValueError(f"{folder} is not empty: choose a new folder, or pass --overwrite "
                             "to replace an earlier export there")
        for name in names:
            shutil.rmtree(folder / name, ignore_errors=True)
        for file in ["manifest.json", *(f"register_{engine}.sql" for engine in ENGINES)]:
            (folder / file).unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)


def _export_one(connection: duckdb.DuckDBPyConnection, folder: Path, name: str, kind: str,
                partition_rows: int) -> ExportedTable:
    described = connection.execute(f'describe select * from main."{name}"').fetchall()
    columns = [{"name": row[0], "type": WIDENED_TYPES.get(row[1], row[1])} for row in described]
    rows = int(connection.execute(f'select count(*) from main."{name}"').fetchall()[0][0])
    selected = ", ".join(
        f'cast("{column["name"]}" as {column["type"]}) as "{column["name"]}"'
        if WIDENED_TYPES.get(row[1]) else f'"{column["name"]}"'
        for column, row in zip(columns, described, strict=True))
    target = folder / name
    target.mkdir()
    table = ExportedTable(name, kind, rows, columns, name)
    key = _partition_key(name, [column["name"] for column in columns]) if rows > partition_rows else None
    if key is not None:
        table.partitioned_by, expression = key
        if not any(column["name"] == table.partitioned_by for column in columns):
            selected += f', {expression} as "{table.partitioned_by}"'
        connection.execute(
            f'copy (select {selected} from main."{name}") '
            f"to ? (format parquet, partition_by (\"{table.partitioned_by}\"))", [str(target)])
    elif rows > partition_rows:
        connection.execute(f'copy (select {selected} from main."{name}") to ? '
                           f"(format parquet, file_size_bytes '{FILE_BYTES}')", [str(target)])
    else:
        connection.execute(f'copy (select {selected} from main."{name}") to ? (format parquet)',
                           [str(target / f"{name}.parquet")])
    table.files = sorted(str(file.relative_to(folder)) for file in target.rglob("*.parquet"))
    return table


def _partition_key(name: str, columns: list[str]) -> tuple[str, str] | None:
    if name in PARTITION_KEYS:
        return PARTITION_KEYS[name]
    return RUN_PARTITION if RUN_PARTITION[0] in columns else None


def _check_files(connection: duckdb.DuckDBPyConnection, folder: Path, table: ExportedTable) -> None:
    """The files hold as many rows as the warehouse did in the export's snapshot."""
    written = int(connection.execute("select count(*) from read_parquet(?)",
                                     [[str(folder / file) for file in table.files]]).fetchall()[0][0])
    if written != table.rows:
        raise RuntimeError(f"export of {table.name} wrote {written} rows, the warehouse has {table.rows}")


def registration_sql(engine: str, folder: Path, tables: list[ExportedTable]) -> str:
    """SQL that makes the exported files queryable under their warehouse names in `engine`."""
    header = {
        "duckdb": "-- DuckDB (any version from 0.10 on): views over the Parquet files, with the\n"
                  "-- warehouse's column names, order and types. Run in any DuckDB database.\n",
        "spark": "-- Spark SQL: tables over the Parquet files (schema and partitions read from them).\n"
                 "create database if not exists newsflow;\n",
        "trino": "-- Trino, Hive connector named `hive` (adjust the catalog name and, when the files\n"
                 "-- move, e.g. to s3://..., each external_location).\n"
                 "create schema if not exists hive.newsflow;\n",
    }[engine]
    statements = [_register(engine, folder, table) for table in tables]
    return header + "\n".join(statements) + "\n"


def _register(engine: str, folder: Path, table: ExportedTable) -> str:
    location = folder / table.path
    if engine == "duckdb":
        columns = ", ".join(f'"{column["name"]}"' for column in table.columns)
        options = ", hive_partitioning = true" + (
            f", hive_types = {{'{table.partitioned_by}': 'VARCHAR'}}" if table.partitioned_by else "")
        return (f"create or replace view {table.name} as select {columns} from "
                f"read_parquet('{location}/**/*.parquet'{options});")
    if engine == "spark":
        text = f"create table if not exists newsflow.{table.name} using parquet location '{location.as_uri()}';"
        return text + (f"\nmsck repair table newsflow.{table.name};" if table.partitioned_by else "")
    in_files = [column for column in table.columns if column["name"] != table.partitioned_by]
    declared = [f'"{column["name"]}" {trino_type(column["type"])}' for column in in_files]
    properties = ["format = 'PARQUET'", f"external_location = '{location.as_uri()}'"]
    if table.partitioned_by:  # Trino wants partition columns last
        declared.append(f'"{table.partitioned_by}" varchar')
        properties.append(f"partitioned_by = ARRAY['{table.partitioned_by}']")
    text = (f"create table if not exists hive.newsflow.{table.name} (\n    " + ",\n    ".join(declared)
            + "\n) with (" + ", ".join(properties) + ");")
    if table.partitioned_by:
        text += f"\ncall hive.system.sync_partition_metadata('newsflow', '{table.name}', 'FULL');"
    return text


TRINO_TYPES = {"VARCHAR": "varchar", "INTEGER": "integer", "BIGINT": "bigint", "SMALLINT": "smallint",
               "TINYINT": "tinyint", "DOUBLE": "double", "FLOAT": "real", "BOOLEAN": "boolean",
               "DATE": "date", "TIMESTAMP": "timestamp(6)", "TIMESTAMP WITH TIME ZONE": "timestamp(6) with time zone",
               "BLOB": "varbinary", "UUID": "uuid"}


def trino_type(duckdb_type: str) -> str:
    """Trino's name for a DuckDB column type (lists, structs and decimals included)."""
    text = duckdb_type.strip()
    if text.endswith("[]"):
        return f"array({trino_type(text[:-2])})"
    upper = text.upper()
    if upper.startswith("STRUCT(") and text.endswith(")"):
        fields = [_split_field(part) for part in _top_level_parts(text[len("STRUCT("):-1])]
        return "row(" + ", ".join(f"{name} {trino_type(kind)}" for name, kind in fields) + ")"
    if upper.startswith("MAP(") and text.endswith(")"):
        key, value = _top_level_parts(text[len("MAP("):-1])
        return f"map({trino_type(key)}, {trino_type(value)})"
    if upper.startswith("DECIMAL"):
        return upper.lower()
    if upper not in TRINO_TYPES:
        raise ValueError(f"no Trino type for DuckDB's {duckdb_type}")
    return TRINO_TYPES[upper]


def _top_level_parts(text: str) -> list[str]:
    """`a INTEGER, b STRUCT(c INTEGER, d VARCHAR)` -> its two top-level parts."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    return [*parts, text[start:].strip()]


def _split_field(part: str) -> tuple[str, str]:
    name, _, kind = part.partition(" ")
    return name, kind
