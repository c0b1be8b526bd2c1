"""The one reader of the word lists and small tables in `tasks/data/`.

Both kinds of file may hold comment lines starting with "#" (they say what a list is for and
where it comes from); those and blank lines are skipped. Word lists (`.txt`) are one entry a
line; tables (`.csv`) have a header row.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _content_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def read_lines(name: str) -> list[str]:
    """The entries of a word list, stripped, in file order."""
    return [line.strip() for line in _content_lines(name)]


def read_rows(name: str) -> list[dict[str, str]]:
    """The rows of a table, as dicts keyed by its header, in file order."""
    return list(csv.DictReader(_content_lines(name)))
