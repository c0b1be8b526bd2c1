"""A codebase a newcomer can live in: no module of `tasks/` over 400 lines, no function over 60
(ruff's C901 and PLR0915, set in pyproject.toml, bound branches and statements). The modules
and functions still over are listed here by name, each with who is shrinking it: the list may
only get shorter (take a name off when its module or function is back under the limit)."""

from __future__ import annotations

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
OVER_MODULE_LINES: set[str] = set()
OVER_FUNCTION_LINES: set[str] = set()
PACKAGES = ("newsflow", "flows", "tasks")


def modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (PROJECT / package).rglob("*.py"))


def test_no_module_of_tasks_is_over_400_lines_but_those_listed() -> None:
    over = {str(path.relative_to(PROJECT)) for path in modules()
            if path.relative_to(PROJECT).parts[0] == "tasks"
            and len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES}
    assert over <= OVER_MODULE_LINES, f"new modules over {MAX_MODULE_LINES} lines: {over - OVER_MODULE_LINES}"


def test_no_function_is_over_60_lines_but_those_listed() -> None:
    over = set()
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and \
                    node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                over.add(f"{path.relative_to(PROJECT)}:{node.name}")
    assert over <= OVER_FUNCTION_LINES, (f"new functions over {MAX_FUNCTION_LINES} lines: "
                                         f"{over - OVER_FUNCTION_LINES}")
