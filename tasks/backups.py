"""Backups of the warehouse a user can restore.

A backup is a DuckDB file `newsflow-<UTC time>.duckdb` in the backup folder, with a manifest
(`.json` beside it: every table's row count, the file's size and sha256). It is copied from a
read-only connection (`COPY FROM DATABASE`): DuckDB's file lock lets no writer in while the
connection is open, so the copy holds one published state, never half of a run. It is written
under a temporary name, then verified (opened again, every table counted against the source)
and only then given its name, so a backup that is listed is whole.

A restore verifies the backup again (its sha256 and counts), refuses while a process has the
warehouse open or a run is staging into it, keeps the warehouse it replaces beside it
(`<name>.before-restore-<time>`), and puts the backup in its place.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tasks.load import open_warehouse
from tasks.staging import STAGING_FOLDER, StagedRun

BACKUP_FOLDER = "backups"  # beside the warehouse, for the scheduled runs' `keep_backups`
BACKUP_PREFIX = "newsflow-"
BACKUP_SUFFIX = ".duckdb"
MANIFEST_SUFFIX = ".json"
PARTIAL_SUFFIX = ".partial"
HASH_CHUNK_BYTES = 4 * 1024 * 1024


class BackupError(RuntimeError):
    """A backup could not be written, verified or restored; the message says why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    row_counts: dict[str, int]
    size_bytes: int
    seconds: float

    def describe(self) -> str:
        rows = sum(self.row_counts.values())
        return (f"backup {self.path}: {len(self.row_counts)} tables, {rows:,} rows, "
                f"{self.size_bytes / 1024 / 1024:,.1f} MiB, verified, in {self.seconds:.1f} s")


def back_up(warehouse: Path, folder: Path, lock_timeout: float = 30.0) -> Backup:
    """Copy `warehouse` into a new verified backup in `folder` and return it."""
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{BACKUP_PREFIX}{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}{BACKUP_SUFFIX}"
    target, partial = folder / name, folder / (name + PARTIAL_SUFFIX)
    try:
        with open_warehouse(warehouse, read_only=True, lock_timeout=lock_timeout) as connection:
            source = connection.execute("select current_database()").fetchone()[0]
            counts = row_counts(connection, source)
            connection.execute("attach ? as newsflow_backup (read_only false)", [str(partial)])
            try:
                connection.execute(f'copy from database "{source}" to newsflow_backup')
            finally:
                connection.execute("detach newsflow_backup")
        _verify(partial, counts)
        manifest = {"warehouse": str(warehouse), "taken_at": datetime.now(UTC).isoformat(),
                    "row_counts": counts, "size_bytes": partial.stat().st_size,
                    "sha256": file_sha256(partial)}
        (folder / (name + MANIFEST_SUFFIX)).write_text(json.dumps(manifest, indent=1), "utf-8")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        _wal(partial).unlink(missing_ok=True)
        (folder / (name + MANIFEST_SUFFIX)).unlink(missing_ok=True)
        raise
    return Backup(target, counts, target.stat().st_size, time.monotonic() - started)


def restore(folder_or_file: Path, warehouse: Path) -> Backup:
    """Put the newest backup in `folder_or_file` (or that backup file) in place of `warehouse`,
    after verifying it. Refused while a process has the warehouse open or a run is staging."""
    started = time.monotonic()
    backup = newest_backup(folder_or_file)
    manifest = read_manifest(backup)
    if file_sha256(backup) != manifest["sha256"]:
        raise BackupError(f"backup {backup} does not match its manifest (sha256 differs): "
                          "it was changed or damaged after it was written; restore an older one")
    _verify(backup, manifest["row_counts"])
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    incoming = warehouse.with_name(warehouse.name + ".restoring")
    shutil.copyfile(backup, incoming)
    try:
        with _held_by_nobody(warehouse):
            kept = warehouse.with_name(f"{warehouse.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
            # The write-ahead log belongs to the file it replaces: both are kept, side by side.
            for current, aside in ((warehouse, kept), (_wal(warehouse), _wal(kept))):
                if current.exists():
                    os.replace(current, aside)
            os.replace(incoming, warehouse)
    finally:
        incoming.unlink(missing_ok=True)
    return Backup(backup, manifest["row_counts"], warehouse.stat().st_size,
                  time.monotonic() - started)


def _wal(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


def keep_newest(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `folder`; returns the deleted files."""
    removed = []
    for backup in list_backups(folder)[:-keep] if keep > 0 else []:
        for path in (backup, backup.with_name(backup.name + MANIFEST_SUFFIX)):
            path.unlink(missing_ok=True)
        removed.append(backup)
    return removed


def list_backups(folder: Path) -> list[Path]:
    """The finished backups in `folder`, oldest first (their names sort by time)."""
    return sorted(path for path in folder.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}")
                  if path.with_name(path.name + MANIFEST_SUFFIX).exists())


def newest_backup(folder_or_file: Path) -> Path:
    if folder_or_file.is_file():
        return folder_or_file
    backups = list_backups(folder_or_file) if folder_or_file.is_dir() else []
    if not backups:
        raise BackupError(f"no backup in {folder_or_file}: expected {BACKUP_PREFIX}<time>{BACKUP_SUFFIX} "
                          f"with its {MANIFEST_SUFFIX} manifest (`newsflow warehouse backup DIR` writes them)")
    return backups[-1]


def read_manifest(backup: Path) -> dict:
    try:
        return json.loads(backup.with_name(backup.name + MANIFEST_SUFFIX).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"backup {backup} has no readable manifest ({error}); "
                          "it may be unfinished: restore another one") from error


def row_counts(connection: duckdb.DuckDBPyConnection, database: str) -> dict[str, int]:
    """Rows of every table of `database` (schema-qualified names), in name order."""
    tables = connection.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? "
        "and not temporary order by 1, 2", [database]).fetchall()
    return {f"{schema}.{table}": int(connection.execute(
        f'select count(*) from "{database}"."{schema}"."{table}"').fetchone()[0])
        for schema, table in tables}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _verify(backup: Path, expected: dict[str, int]) -> None:
    """Open `backup` on its own and count every table against `expected`."""
    try:
        with duckdb.connect(str(backup), read_only=True) as connection:
            found = row_counts(connection, connection.execute("select current_database()").fetchone()[0])
    except duckdb.Error as error:
        raise BackupError(f"backup {backup} cannot be read: {error}") from error
    if found != expected:
        differing = sorted(t for t in expected.keys() | found.keys() if expected.get(t) != found.get(t))
        raise BackupError(f"backup {backup} does not hold what was copied: row counts differ in "
                          + ", ".join(f"{t} ({found.get(t)} instead of {expected.get(t)})"
                                      for t in differing))


@contextmanager
def _held_by_nobody(warehouse: Path) -> Iterator[None]:
    """Hold the warehouse's lock while the block runs; refuse (BackupError) if a process has
    it open (DuckDB locks the file with fcntl, as this does) or a run is staging into it."""
    live = [folder.name for folder in sorted((warehouse.parent / STAGING_FOLDER).glob("*/"))
            if folder.is_dir() and not _can_hold(folder)]
    if live:
        raise BackupError(f"not restoring over {warehouse}: run {live[0]} is in progress "
                          "(it holds its staging folder); wait for it to end, then restore")
    if not warehouse.exists():
        yield
        return
    with warehouse.open("rb+") as file:
        try:
            fcntl.lockf(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            raise BackupError(f"not restoring over {warehouse}: another process has it open (a run "
                              "publishing, a query or a check); wait for it to end, then restore") from error
        yield


def _can_hold(folder: Path) -> bool:
    staged = StagedRun(folder)
    if not staged.hold():
        return False
    staged.release()
    return True
