"""A run reads and cleans its new files in chunks of about READ_CHUNK_BYTES (flows/ingest.py)."""

from __future__ import annotations

from pathlib import Path

from tasks.read import chunks_of_files


def files_of_sizes(folder: Path, sizes: list[int]) -> list[Path]:
    paths = []
    for index, size in enumerate(sizes):
        path = folder / f"{index}.txt"
        path.write_bytes(b"x" * size)
        paths.append(path)
    return paths


def test_files_are_grouped_in_order_up_to_the_chunk_size(tmp_path: Path) -> None:
    small, other, large, last = files_of_sizes(tmp_path, [10, 10, 30, 5])
    assert chunks_of_files([small, other, large, last], 25) == [[small, other], [large], [last]]


def test_no_files_make_no_chunks_and_a_missing_file_still_gets_one(tmp_path: Path) -> None:
    assert chunks_of_files([], 25) == []
    missing = tmp_path / "gone.txt"  # read_inputs will reject it with the reason
    assert chunks_of_files([missing], 25) == [[missing]]
