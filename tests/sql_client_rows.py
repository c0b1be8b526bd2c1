"""Print, as JSON, the rows of every table and view and of every example query on a warehouse,
or of every table an export (`newsflow export`) registers from its Parquet files.

Run by tests/test_sql_clients.py under two Pythons: the project's (DuckDB 2.0) and a separate
environment with DuckDB 1.x (`make duckdb1-client`), so the two outputs can be compared. It
imports nothing but duckdb and the standard library, so that it runs in either.

    python tests/sql_client_rows.py warehouse WAREHOUSE SQL_DIR > rows.json
    python tests/sql_client_rows.py export EXPORT_FOLDER > rows.json

Rows are normalised (floats to 9 significant digits, dates as ISO text) and sorted, so the
same rows in another order, or a float summed in another order, compare equal.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import sys
import uuid
from pathlib import Path

import duckdb


def normalised(value: object) -> object:
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dt.date | dt.time | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | bytes):
        return str(value)
    if isinstance(value, list | tuple):
        return [normalised(item) for item in value]
    if isinstance(value, dict):
        return {str(key): normalised(item) for key, item in value.items()}
    return value


def result_of(connection: duckdb.DuckDBPyConnection, sql: str) -> dict[str, object]:
    try:
        relation = connection.sql(sql)
        rows = sorted(json.dumps(normalised(list(row)), sort_keys=True) for row in relation.fetchall())
        return {"columns": relation.columns, "types": [str(kind) for kind in relation.types], "rows": rows}
    except duckdb.Error as error:
        return {"error": str(error).splitlines()[0]}


def warehouse_results(connection: duckdb.DuckDBPyConnection, sql_dir: str) -> dict[str, object]:
    folder = Path(sql_dir)
    results: dict[str, object] = {}
    for name in sorted(path.stem for kind in ("tables", "seeds", "views") for path in folder.glob(f"{kind}/*.sql")):
        results[f"relation/{name}"] = result_of(connection, f"select * from {name}")
    for example in sorted(folder.glob("examples/*.sql")):
        results[f"example/{example.stem}"] = result_of(connection, example.read_text(encoding="utf-8"))
    return results


def export_results(connection: duckdb.DuckDBPyConnection, export: str) -> dict[str, object]:
    folder = Path(export)
    connection.execute((folder / "register_duckdb.sql").read_text(encoding="utf-8"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {f"relation/{table['name']}": result_of(connection, f"select * from {table['name']}")
            for table in manifest["tables"]}


def main(mode: str, *paths: str) -> None:
    if mode == "warehouse":
        connection = duckdb.connect(paths[0], read_only=True)
        results = warehouse_results(connection, paths[1])
    else:
        connection = duckdb.connect()
        results = export_results(connection, paths[0])
    connection.close()
    json.dump({"duckdb_version": duckdb.__version__, **results}, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])
