"""Print, as JSON, the rows every view and every example query gives on a warehouse.

Run by tests/test_sql_clients.py under two Pythons: the project's (DuckDB 2.0) and a separate
environment with DuckDB 1.x (`make duckdb1-client`), so the two outputs can be compared. It
imports nothing but duckdb and the standard library, so that it runs in either.

    python tests/sql_client_rows.py WAREHOUSE SQL_DIR > rows.json

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
        return {"columns": relation.columns, "rows": rows}
    except duckdb.Error as error:
        return {"error": str(error).splitlines()[0]}


def main(warehouse: str, sql_dir: str) -> None:
    folder = Path(sql_dir)
    connection = duckdb.connect(warehouse, read_only=True)
    results: dict[str, object] = {"duckdb_version": duckdb.__version__}
    for view in sorted(folder.glob("views/*.sql")):
        results[f"views/{view.stem}"] = result_of(connection, f"select * from {view.stem}")
    for example in sorted(folder.glob("examples/*.sql")):
        results[f"examples/{example.stem}"] = result_of(connection, example.read_text(encoding="utf-8"))
    connection.close()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:3])
