"""Where the warehouse's SQL lives, and the DuckDB storage format a new warehouse file gets.

Here, not in the settings, because `tasks/` reads them and never imports the layers above it;
`flows.settings` takes its default from here.
"""

from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
# The DuckDB storage format a new warehouse file is written in (docs/sql-clients.md says why):
# v1.4.0 files open in DuckDB 1.4 (the LTS) and later, so in DBeaver, R, the 1.x CLI and
# notebooks on a current 1.x, where DuckDB 2.0's own format (`latest`) opens in 2.0 only. It
# loses nothing: the files are as small as 2.0's. v1.2.0 opens in 1.2 and later too, but
# lacks DICT_FSST string compression (~8 % larger); DuckDB 1.3.2 misreads v1.3.0 files.
DEFAULT_STORAGE_VERSION = "v1.4.0"


def read_sql(relative: str) -> str:
    """The text of one file of `sql/`, e.g. `publish/entities.sql`."""
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    """The `.sql` files of one folder of `sql/`, in name order."""
    return sorted((SQL_DIR / folder).glob("*.sql"))
