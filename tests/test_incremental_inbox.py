"""A scheduled run over an unchanged inbox reads and extracts nothing; changing one file
re-processes only that file. Files are recognised by content hash (`input_files`)."""

from __future__ import annotations

from pathlib import Path
from subprocess import CompletedProcess

from tests.conftest import run_newsflow
from tests.helpers_prefect import pipeline_runs, prefect_server, warehouse_content, write_inbox

__all__ = ["prefect_server"]  # a fixture: imported so pytest finds it


def test_unchanged_inbox_is_skipped_and_a_changed_file_is_reprocessed(
    tmp_path: Path, prefect_server: dict[str, str]
) -> None:
    def ingest(paths: list[Path], warehouse: Path) -> CompletedProcess[str]:
        result = run_newsflow("run", *map(str, paths), "--warehouse", str(warehouse),
                              env=prefect_server)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    inbox = write_inbox(tmp_path / "inbox")
    warehouse = tmp_path / "w.duckdb"
    ingest([inbox], warehouse)
    first = warehouse_content(warehouse)

    second_output = ingest([inbox], warehouse).stdout
    assert warehouse_content(warehouse) == first
    assert "+3 unchanged files skipped" in second_output
    assert "events            0" in second_output

    changed = inbox / "nairobi.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace(
        "dozens of protesters", "hundreds of protesters"), encoding="utf-8")
    ingest([inbox], warehouse)
    third = warehouse_content(warehouse)

    # status, inputs_seen, inputs_skipped, articles_new, articles_duplicate, inputs_rejected
    assert pipeline_runs(warehouse) == [
        ("completed", 3, 0, 3, 0, 0),
        ("completed", 0, 3, 0, 0, 0),
        ("completed", 1, 2, 1, 0, 0),
    ]
    new_articles = set(third["articles"]) - set(first["articles"])
    assert len(new_articles) == 1
    assert any("hundreds of protesters" in str(value) for value in next(iter(new_articles)))
    # Earlier rows are untouched; only the changed file's hash was added.
    assert set(first["articles"]) <= set(third["articles"])
    assert len(third["input_files"]) == len(first["input_files"]) + 1
