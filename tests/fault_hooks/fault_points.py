"""Stop a real `newsflow run` at a named checkpoint (tasks.checkpoints), for the fault tests.

A test starts the run with `fault_env(markers, pause)` in its environment: this folder goes
first on PYTHONPATH, so every Python process of the run loads `sitecustomize` from here, which
listens to the run's checkpoints. Each checkpoint reached touches `<markers>/<name>`; at the one
named `pause` the run waits (at most PAUSE_SECONDS) until the test touches
`<markers>/<FAULT_CONTINUE>`, so the test can SIGKILL the run right there, or fill its disk
and let it go on. Production code holds no part of this.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

FAULT_MARKERS_ENV = "NEWSFLOW_FAULT_MARKERS"
FAULT_PAUSE_ENV = "NEWSFLOW_FAULT_PAUSE"
FAULT_CONTINUE = "continue"
PAUSE_SECONDS = 120.0
HOOKS_DIR = Path(__file__).resolve().parent


def fault_env(markers: Path, pause: str | None = None) -> dict[str, str]:
    """The environment variables that make a run started with them stop at `pause`."""
    path = os.pathsep.join(p for p in (str(HOOKS_DIR), os.environ.get("PYTHONPATH")) if p)
    return {FAULT_MARKERS_ENV: str(markers), "PYTHONPATH": path,
            **({FAULT_PAUSE_ENV: pause} if pause else {})}


def install_if_asked() -> None:
    """Listen to this process's checkpoints when the fault-test variables are set."""
    markers = os.environ.get(FAULT_MARKERS_ENV)
    if not markers:
        return
    from tasks import checkpoints

    checkpoints.listen(lambda name: _mark_and_pause(Path(markers), name,
                                                    os.environ.get(FAULT_PAUSE_ENV)))


def _mark_and_pause(markers: Path, name: str, pause: str | None) -> None:
    (markers / name).touch()
    if name == pause:
        deadline = time.monotonic() + PAUSE_SECONDS
        while time.monotonic() < deadline and not (markers / FAULT_CONTINUE).exists():
            time.sleep(0.05)
