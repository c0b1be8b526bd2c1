"""`newsflow warehouse check`: read every block of every table and say, per table, whether it
is OK, damaged (a block failed its checksum or is missing) or unreadable (the file cannot be
opened at all: every table is then unreadable).

Each table is read whole: every column of every row goes through `hash`, so every data block
is loaded and its checksum verified, and each primary key is looked up once through its index
(an equality on the key), so the index's blocks are read too. The connection is read-only:
runs go on, and a run's publish waits for the check (as it waits for any reader).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from tasks.warehouse_damage import damage_in
from tasks.warehouse_files import SQL_DIR

OK, DAMAGED, UNREADABLE = "OK", "damaged", "unreadable"


@dataclass(frozen=True)
class TableHealth:
    table: str
    status: str
    rows: int | None
    detail: str = ""


@dataclass(frozen=True)
class WarehouseHealth:
    warehouse: Path
    tables: list[TableHealth]
    problem: str = ""  # what is wrong with the file as a whole, when it cannot be opened

    @property
    def healthy(self) -> bool:
        return not self.problem and all(table.status == OK for table in self.tables)

    def describe(self) -> str:
        width = max([len(t.table) for t in self.tables] + [5])
        lines = [f"warehouse {self.warehouse} ({self.warehouse.stat().st_size:,} bytes)"
                 if self.warehouse.exists() else f"warehouse {self.warehouse}"]
        if self.problem:
            lines.append(f"  cannot be opened: {self.problem}")
        for table in self.tables:
            rows = f"{table.rows:,} row{'' if table.rows == 1 else 's'}" if table.rows is not None else ""
            lines.append(f"  {table.table.ljust(width)}  {table.status.ljust(10)}  {rows}{table.detail}".rstrip())
        damaged = [t.table for t in self.tables if t.status != OK]
        lines.append("all tables OK" if self.healthy else
                     f"{len(damaged)} of {len(self.tables)} tables damaged or unreadable: "
                     "restore the last backup (`newsflow warehouse restore BACKUP_DIR`)")
        return "\n".join(lines)


def check_warehouse(warehouse: Path) -> WarehouseHealth:
    """Read every table of `warehouse` whole; never raises for damage, reports it."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}")
    try:
        connection = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as error:
        if "lock" in str(error).lower() and damage_in(error) is None:
            raise
        return WarehouseHealth(warehouse, [TableHealth(t, UNREADABLE, None) for t in contract_tables()],
                               damage_in(error) or _first_line(error))
    try:
        tables = connection.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
            "and not temporary order by schema_name <> 'main', 1, 2").fetchall()
        return WarehouseHealth(warehouse, [_check_table(connection, schema, table)
                                           for schema, table in tables])
    except duckdb.Error as error:  # the catalog itself is damaged
        return WarehouseHealth(warehouse, [TableHealth(t, UNREADABLE, None) for t in contract_tables()],
                               damage_in(error) or _first_line(error))
    finally:
        connection.close()


def _check_table(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> TableHealth:
    name = table if schema == "main" else f"{schema}.{table}"
    quoted = f'"{schema}"."{table}"'
    try:
        rows, _ = connection.execute(
            f"select count(*), bit_xor(hash(columns(*))) from {quoted}").fetchone()[:2]
        for key in _primary_key(connection, schema, table):
            connection.execute(f'select count(*) from {quoted} where "{key}" = '
                               f'(select max("{key}") from {quoted})').fetchone()
    except duckdb.Error as error:
        return TableHealth(name, DAMAGED, None, damage_in(error) or _first_line(error))
    return TableHealth(name, OK, int(rows))


def _primary_key(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    """The single-column primary key of a table, if it has one (its index is then read)."""
    rows = connection.execute(
        "select constraint_column_names from duckdb_constraints() where database_name = current_database() "
        "and schema_name = ? and table_name = ? and constraint_type = 'PRIMARY KEY'", [schema, table]).fetchall()
    return [columns[0] for (columns,) in rows if len(columns) == 1]


def contract_tables() -> list[str]:
    """The warehouse's tables by their DDL files: what a file that cannot be opened has lost."""
    return sorted(file.stem for file in (SQL_DIR / "tables").glob("*.sql"))


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
