"""scripts/find-python: the Makefile's choice of interpreter, with stand-in pythons on PATH."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import PROJECT

SCRIPT = PROJECT / "scripts" / "find-python"


def fake_python(folder: Path, name: str, minor: int) -> None:
    """A stand-in that answers the version question the way CPython 3.<minor> would."""
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "3 {minor}"\n', encoding="utf-8")
    path.chmod(0o755)


def find_python(path: Path) -> subprocess.CompletedProcess[str]:
    for tool in ("dirname", "sed"):  # what the script itself runs
        (path / tool).symlink_to(shutil.which(tool))
    return subprocess.run(["/bin/sh", str(SCRIPT)], capture_output=True, text=True, timeout=30,
                          env={"PATH": str(path)})


def test_python3_is_taken_when_supported(tmp_path: Path) -> None:
    fake_python(tmp_path, "python3", 13)
    fake_python(tmp_path, "python3.14", 14)
    assert find_python(tmp_path).stdout == "python3\n"


def test_the_newest_supported_python3_x_is_taken_when_python3_is_too_old(tmp_path: Path) -> None:
    fake_python(tmp_path, "python3", 10)
    fake_python(tmp_path, "python3.12", 12)
    fake_python(tmp_path, "python3.13", 13)
    assert find_python(tmp_path).stdout == "python3.13\n"


def test_without_a_supported_python_it_says_what_it_needs(tmp_path: Path) -> None:
    fake_python(tmp_path, "python3", 15)
    result = find_python(tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "newsflow needs Python 3.11 to 3.14" in result.stderr
    assert "make PYTHON=" in result.stderr
