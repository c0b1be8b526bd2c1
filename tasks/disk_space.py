"""Disk space: how much a run still needs, checked before it writes, and one clear error
when the filesystem fills anyway.

A run writes beside the warehouse: its staged windows (`.staging/<run_id>/`), Great
Expectations' results and Data Docs, then the publish (DuckDB's file and write-ahead log, and
its checkpoint). Each need is estimated from what the run has staged so far; the run checks the
estimate before each window and before the publish, and stops early with `DiskFullError`
rather than half-way. When a write fails anyway (another process filled the disk meanwhile),
the failure is reported the same way, naming the filesystem and how much more is needed.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

# Staged rows of a window (articles, mentions, events, ...) as Parquet, per byte of the
# window's new articles as held in `new_articles.parquet`, with room for GX's results. Only the
# first window uses it (later ones use the mean of those staged). The shared BBC corpus in one
# run (1,885 articles) stages 1.82 bytes per byte of articles; a one-article run 6.4 (Parquet's
# fixed overhead), which PUBLISH_MINIMUM_BYTES dwarfs anyway.
STAGED_PER_ARTICLE_BYTE = 3.0
# The warehouse grows by this much per staged Parquet byte while publishing (DuckDB's blocks,
# the write-ahead log, the marts and the word index, and the checkpoint that follows): the
# corpus run above made a 21.5 MB warehouse from 2.8 MB of staged rows (7.7, the new
# warehouse's own tables included). Small publishes are covered by PUBLISH_MINIMUM_BYTES.
PUBLISH_PER_STAGED_BYTE = 8.0
# DuckDB writes whole blocks of 256 KiB: a publish of even a few articles wrote more than 4.4 MB
# (measured on a full tmpfs: a new block for each of the 17 tables and marts, and the
# write-ahead log beside them), so a publish needs at least this, however small.
PUBLISH_MINIMUM_BYTES = 8 * 1024 * 1024
# Kept after a full disk stopped a run, the staged windows must leave this much free (the
# larger of the two) for them to stay; otherwise they go, and the rerun starts over.
KEEP_FREE_MINIMUM_BYTES = 1024 * 1024
KEEP_FREE_SHARE = 0.05
# Messages DuckDB and the OS use for a full filesystem.
DISK_FULL_MARKERS = ("no space left on device", "disk is full", "disk full", "enospc",
                     "could not write all bytes", "could not truncate")


class DiskFullError(RuntimeError):
    """The warehouse's filesystem has (or would have) too little space for the run. One line:
    the cause, the filesystem, and about how much more space the run needs."""


def mount_point(path: Path) -> Path:
    """The mount point of the filesystem that holds `path` (or would, once it exists)."""
    current = existing_ancestor(path.resolve())
    while not os.path.ismount(current):
        current = current.parent
    return current


def existing_ancestor(path: Path) -> Path:
    while not path.exists():
        path = path.parent
    return path


def free_bytes(path: Path) -> int:
    return shutil.disk_usage(existing_ancestor(path.resolve())).free


def folder_bytes(folder: Path) -> int:
    """Bytes of the files under `folder` (0 if it does not exist)."""
    if not folder.exists():
        return 0
    return sum(file.stat().st_size for file in folder.rglob("*") if file.is_file())


def human(size: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if abs(size) < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def disk_full_message(path: Path, needed: int, stage: str) -> str:
    """`disk full while <stage>: <mount> (holding <path>) has <free> free; the run needs about
    <more> more. ...` The warehouse is unchanged: a run publishes in one transaction."""
    free = free_bytes(path)
    return (f"disk full while {stage}: the filesystem at {mount_point(path)} (holding {path}) "
            f"has {human(free)} free and this run needs about {human(max(needed - free, 0))} more; "
            "the warehouse is unchanged: free some space and run the same command again")


def require_space(path: Path, needed: int, stage: str) -> None:
    """Refuse early (DiskFullError) when the filesystem of `path` has less than `needed` free."""
    if free_bytes(path) < needed:
        raise DiskFullError(disk_full_message(path, needed, stage))


def is_disk_full(error: BaseException) -> bool:
    """Whether `error` (or what caused it) is a full filesystem, as the OS or DuckDB says it."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DiskFullError):
            return True
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(marker in str(current).lower() for marker in DISK_FULL_MARKERS):
            return True
        current = current.__cause__ or current.__context__
    return False


def window_need(articles_file: Path, article_count: int, window_size: int,
                staged_bytes: int, windows_done: int) -> int:
    """Bytes the next window will write: the mean of the windows staged so far, or, before the
    first, an estimate from the size of its articles."""
    if windows_done:
        return staged_bytes // windows_done
    size = articles_file.stat().st_size if articles_file.exists() else 0
    share = min(window_size, article_count) / max(article_count, 1)
    return int(size * share * STAGED_PER_ARTICLE_BYTE)


def publish_need(staged_bytes: int) -> int:
    """Bytes the publish of `staged_bytes` of staged Parquet will add to the warehouse."""
    return max(int(staged_bytes * PUBLISH_PER_STAGED_BYTE), PUBLISH_MINIMUM_BYTES)


def run_need(articles_file: Path, article_count: int, window_size: int, staged_bytes: int,
             windows_done: int, windows_left: int) -> int:
    """Bytes the rest of the run needs: its remaining windows, then the publish of all."""
    per_window = window_need(articles_file, article_count, window_size, staged_bytes, windows_done)
    return per_window * windows_left + publish_need(staged_bytes + per_window * windows_left)


def has_room_to_keep(path: Path) -> bool:
    """Whether the filesystem of `path` keeps enough free space, after a run stopped on a full
    disk, to keep what the run staged for resuming: otherwise it is removed, so the failure does
    not leave the disk full."""
    usage = shutil.disk_usage(existing_ancestor(path.resolve()))
    return usage.free >= max(KEEP_FREE_MINIMUM_BYTES, usage.total * KEEP_FREE_SHARE)


def failed_stage(error: BaseException) -> str:
    """Which write failed, from the error: DuckDB's (the publish, or its checkpoint) or a file's."""
    text = f"{error} {error.__cause__ or ''}".lower()
    if "checkpoint" in text:
        return "checkpointing the warehouse"
    if type(error).__module__.startswith("_duckdb") or "duckdb" in type(error).__module__:
        return "publishing to the warehouse"
    if "data_docs" in text:
        return "writing the Data Docs"
    if "validation" in text or "great_expectations" in text:
        return "writing the validation results"
    return "writing the run's staged files"
