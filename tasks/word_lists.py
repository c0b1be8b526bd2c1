"""Word lists of `tasks/data/` (one entry a line, `#` starts a comment line), each read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def word_list(file_name: str) -> frozenset[str]:
    with open(DATA_DIR / file_name, encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle
                         if line.strip() and not line.startswith("#"))
