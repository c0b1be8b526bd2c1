"""Unit tests of the disk-space estimate and of telling a full disk from other errors (the real
faults are in tests/test_disk_full.py)."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import duckdb
import pytest

from tasks import disk_space


def test_a_full_disk_is_recognised_however_it_is_reported() -> None:
    assert disk_space.is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    duck = duckdb.TransactionException(
        'TransactionContext Error: Failed to commit: Could not write file "/x/w.duckdb": No space left on device')
    assert disk_space.is_disk_full(duck)
    try:  # the cause, under another error
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as cause:
            raise RuntimeError("task failed") from cause
    except RuntimeError as wrapped:
        assert disk_space.is_disk_full(wrapped)
    assert not disk_space.is_disk_full(duckdb.CatalogException("Table with name nope does not exist"))
    assert not disk_space.is_disk_full(OSError(errno.EACCES, "Permission denied"))


def test_the_refusal_names_the_filesystem_and_the_space_missing(tmp_path: Path) -> None:
    free = shutil.disk_usage(tmp_path).free
    disk_space.require_space(tmp_path / "w.duckdb", 1, "publishing")  # fits: no error
    with pytest.raises(disk_space.DiskFullError) as refused:
        disk_space.require_space(tmp_path / "not" / "yet" / "w.duckdb", free + 3 * 1024**3, "publishing")
    message = str(refused.value)
    assert message.startswith(f"disk full while publishing: the filesystem at {disk_space.mount_point(tmp_path)} ")
    assert "this run needs about 3.0 GB more" in message
    assert "\n" not in message


def test_the_estimates_follow_the_staged_sizes(tmp_path: Path) -> None:
    articles = tmp_path / "new_articles.parquet"
    articles.write_bytes(b"x" * 10_000)
    # Before the first window: from the articles' size, a window's share of them.
    assert disk_space.window_need(articles, 100, 50, 0, 0) == int(5_000 * disk_space.STAGED_PER_ARTICLE_BYTE)
    # After windows: their mean.
    assert disk_space.window_need(articles, 100, 50, 9_000, 3) == 3_000
    assert disk_space.publish_need(10) == disk_space.PUBLISH_MINIMUM_BYTES
    big = 100 * 1024 * 1024
    assert disk_space.publish_need(big) == int(big * disk_space.PUBLISH_PER_STAGED_BYTE)
    # The rest of a run: its windows, then the publish of everything staged.
    assert disk_space.run_need(articles, 100, 50, big, 1, 1) == big + disk_space.publish_need(2 * big)
