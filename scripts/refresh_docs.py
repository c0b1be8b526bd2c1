"""Regenerate the real output shown in the docs, so it cannot drift (checked by tests/test_docs.py).

Every fenced block in README.md that starts with a line `$ newsflow query "..."` gets its output
replaced by what that query prints on a warehouse built from seeds/.

    python scripts/refresh_docs.py WAREHOUSE
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from newsflow.querying import format_table, run_query

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```console\n\$ (newsflow query [^\n]+)\n(.*?)```", re.DOTALL)


def query_blocks(text: str) -> list[tuple[str, str, str]]:
    """(command line, SQL, shown output) for every query block."""
    blocks = []
    for match in BLOCK.finditer(text):
        arguments = shlex.split(match.group(1))
        blocks.append((match.group(1), arguments[2], match.group(2)))
    return blocks


def refresh(text: str, warehouse: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        sql = shlex.split(match.group(1))[2]
        return f"```console\n$ {match.group(1)}\n{format_table(run_query(warehouse, sql))}\n```"

    return BLOCK.sub(replace, text)


if __name__ == "__main__":
    README.write_text(refresh(README.read_text(encoding="utf-8"), Path(sys.argv[1])), encoding="utf-8")
