"""Check that newsflow's whole dependency set installs, from wheels, on every Python version
`requires-python` admits, without installing anything: `pip install --dry-run --python-version
3.X --only-binary=:all:` for each. A dependency that stops publishing wheels for one of them
fails this (and `make test`, so CI) instead of a user's `make run`. Needs PyPI.

    python scripts/check_python_versions.py            # every supported version
    python scripts/check_python_versions.py 3.13 3.14  # only these
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from packaging.specifiers import SpecifierSet

PROJECT = Path(__file__).resolve().parent.parent
# Minor versions of Python 3 looked at; requires-python picks the supported ones among them.
KNOWN_MINORS = range(8, 20)
PARALLEL = 2  # resolutions at once: each is mostly waiting on PyPI


def project_metadata() -> dict:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def supported_versions(requires_python: str) -> list[str]:
    specifier = SpecifierSet(requires_python)
    return [f"3.{minor}" for minor in KNOWN_MINORS if specifier.contains(f"3.{minor}.0")]


def requirements(project: dict) -> list[str]:
    """Every dependency, extras included (the dev tools run in CI on each version too)."""
    extras = [requirement for group in project.get("optional-dependencies", {}).values()
              for requirement in group]
    return [*project["dependencies"], *extras]


def resolve(version: str, wanted: list[str]) -> tuple[str, bool, str]:
    """(version, resolved?, what to say) for one Python version."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
             "--disable-pip-version-check", "--python-version", version, "--only-binary=:all:",
             "--report", str(report), *wanted],
            capture_output=True, text=True, check=False)
        if result.returncode != 0:
            errors = [line.split(" (from versions:")[0] for line in result.stderr.splitlines()
                      if line.startswith(("ERROR: No matching", "ERROR: Could not find", "ERROR: Cannot"))]
            return version, False, "; ".join(errors) or result.stderr.strip()[-500:]
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return version, True, f"{len(installs)} packages, every one a wheel"


def main(versions: list[str]) -> int:
    project = project_metadata()
    versions = versions or supported_versions(project["requires-python"])
    wanted = requirements(project)
    print(f"requires-python {project['requires-python']}: resolving {len(wanted)} requirements "
          f"for Python {', '.join(versions)} (pip --dry-run, wheels only)")
    with ThreadPoolExecutor(PARALLEL) as pool:
        outcomes = list(pool.map(lambda version: resolve(version, wanted), versions))
    for version, resolved, message in outcomes:
        print(f"  Python {version}: {'resolves' if resolved else 'DOES NOT RESOLVE'}: {message}")
    return 0 if all(resolved for _, resolved, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
