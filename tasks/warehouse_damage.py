"""A damaged or truncated warehouse file, told apart from other DuckDB errors, and said in one
line that names the file, what is wrong and what to do (`newsflow warehouse check`, then restore
from a backup). `tasks.load.open_warehouse` raises it, so every command that opens the
warehouse says the same thing."""

from __future__ import annotations

from pathlib import Path

# What DuckDB says when a block's checksum fails, and when the file is shorter than its blocks.
DAMAGE_MARKERS = {
    "checksum": "a block of the file is damaged (its checksum does not match)",
    "corrupt": "the file is damaged",
    "could not read enough bytes": "the file is truncated (shorter than the blocks it lists)",
    "not a valid duckdb database file": "the file is not a DuckDB database (its header is damaged)",
    "the file is not a valid duckdb": "the file is not a DuckDB database (its header is damaged)",
    "invalid block": "the file is damaged (it points to a block that is not there)",
    "failed to read database header": "the file's header is damaged or missing",
    "database has been invalidated": "the file failed while being read or written",
}


class WarehouseDamagedError(RuntimeError):
    """The warehouse file is damaged or truncated; the message says what to do."""


def damage_in(error: BaseException) -> str | None:
    """What is wrong with the file, if `error` says it is damaged or truncated; None otherwise."""
    text = str(error).lower()
    for marker, meaning in DAMAGE_MARKERS.items():
        if marker in text:
            return meaning
    return None


def damaged_error(path: Path, error: BaseException) -> WarehouseDamagedError | None:
    """A WarehouseDamagedError for `error` met on the warehouse `path`, or None when `error`
    is not about a damaged file (bad SQL, a lock, a full disk)."""
    meaning = damage_in(error)
    if meaning is None:
        return None
    size = path.stat().st_size if path.exists() else 0
    return WarehouseDamagedError(
        f"warehouse {path} ({size:,} bytes) cannot be read: {meaning}. Run "
        f"`newsflow warehouse check --warehouse {path}` to see which tables are damaged, then "
        f"`newsflow warehouse restore BACKUP_DIR --warehouse {path}` to restore the last backup"
    )
