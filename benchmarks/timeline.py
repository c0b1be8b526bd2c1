"""A run's timeline: the real CLI in a fresh interpreter, with timers around its steps.

`run_timed(cli_args)` runs `newsflow <cli_args>` in a child interpreter that wraps the steps of
STEPS (patched on their module, so callers that look them up there get the timed one), and
returns every step's start (seconds since launch), duration and thread, plus the wall time.
`benchmarks.startup` and `benchmarks.incremental` print these.

The child is this module run as `python -m benchmarks.timeline OUT.json ARGS...`.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import json
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.throughput import PROJECT_ROOT, quiet_environment

# (module, function, label). Steps in background threads overlap the others.
STEPS = [
    ("flows.deploy", "start_temporary_server", "start the Prefect server (spawn)"),
    ("flows.unchanged", "record_unchanged_run", "is every input known? (read-only query)"),
    ("flows.ingest", "warm_up", "start the warm-up thread"),
    ("tasks.clean", "load_language_identifier", "language identifier"),
    ("tasks.extract", "load_model", "spaCy model"),
    ("flows.ingest", "_warehouse_state", "flow body starts: what the warehouse holds"),
    ("flows.ingest", "read_and_clean", "read and clean"),
    ("tasks.extract", "extract_entities_and_events", "extract (spaCy and the passes)"),
    ("tasks.place_index", "place_index", "place index (GeoNames)"),
    ("tasks.entities", "resolve_entities", "resolve entities"),
    ("tasks.events", "code_events", "code events"),
    ("tasks.validate", "validate_frames", "validate (Great Expectations)"),
    ("tasks.validate", "_build_docs", "  of which Data Docs"),
    ("tasks.load", "open_warehouse", "publish: open the warehouse"),
    ("tasks.load", "apply_schema", "publish: schema"),
    ("tasks.load", "_stage_files", "publish: staged files into staging tables"),
    ("tasks.load", "publish_staged", "publish: insert, marts, checks (one transaction)"),
    ("tasks.load", "count_into_marts", "publish:   of which marts"),
    ("tasks.load", "run_checks", "publish:   of which checks"),
    ("flows.report", "publish_run_report", "run report (Prefect artifact)"),
]
MEMORY_POLL_SECONDS = 0.2
WHOLE_RUN = "whole run (CLI started to summary printed)"
CLOSE = "publish: close (DuckDB checkpoints the file)"


@dataclass(frozen=True)
class Timeline:
    wall_seconds: float
    events: list[dict[str, Any]]  # step, at (s after launch), seconds, thread
    # RSS samples of the run's processes: (s after launch, pid, bytes); the CLI's pid first
    memory: list[tuple[float, int, int]] = field(default_factory=list)
    cli_pid: int = 0

    def peak_rss(self, step: str | None = None, cli_only: bool = False) -> int:
        """The largest RSS of one process of the run (`cli_only`: of the CLI process), over the
        whole run or while `step` ran (any of its calls)."""
        spans = [(event["at"], event["at"] + event["seconds"]) for event in self.events
                 if event["step"] == step] if step else [(0.0, float("inf"))]
        return max((rss for at, pid, rss in self.memory
                    if (not cli_only or pid == self.cli_pid)
                    and any(start <= at <= end for start, end in spans)), default=0)

    def peak_rss_by_process(self) -> dict[int, int]:
        peaks: dict[int, int] = {}
        for _, pid, rss in self.memory:
            peaks[pid] = max(peaks.get(pid, 0), rss)
        return peaks

    def total(self, step: str, measure: str = "seconds") -> float:
        """Seconds (or, with measure="cpu", CPU seconds) of every call of `step`."""
        return sum(event.get(measure, 0.0) for event in self.events if event["step"] == step)

    def lines(self) -> Iterator[str]:
        """One line per step, in order of start: calls of a step one after another (a table
        at a time) as one line with their sum; a cached step called again is left out."""
        merged: list[dict[str, Any]] = []
        for event in self.events:
            if merged and merged[-1]["step"] == event["step"] and merged[-1]["thread"] == event["thread"]:
                merged[-1] = {**merged[-1], "seconds": merged[-1]["seconds"] + event["seconds"]}
            elif event["seconds"] >= 0.01 or all(m["step"] != event["step"] for m in merged):
                merged.append(event)
        yield f"  {'starts at':>9} {'takes':>7}  step"
        for event in merged:
            thread = "" if event["thread"] == "MainThread" else f"   [{event['thread']}]"
            yield f"  {event['at']:8.2f}s {event['seconds']:6.2f}s  {event['step']}{thread}"


def run_timed(cli_args: list[str], out: Path) -> Timeline:
    """Run `newsflow <cli_args>` in a fresh interpreter, timed, the RSS of each of its processes
    sampled every MEMORY_POLL_SECONDS; raises on a failed run."""
    import tempfile

    import psutil

    launched = time.time()
    memory: list[tuple[float, int, int]] = []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen([sys.executable, "-m", "benchmarks.timeline", str(out), *cli_args],
                                   cwd=PROJECT_ROOT, env=quiet_environment(), stdout=log,
                                   stderr=subprocess.STDOUT, text=True)
        root = psutil.Process(process.pid)
        while process.poll() is None:
            with suppress(psutil.Error):
                for member in [root, *root.children(recursive=True)]:
                    with suppress(psutil.Error):
                        memory.append((time.time() - launched, member.pid, member.memory_info().rss))
            time.sleep(MEMORY_POLL_SECONDS)
        wall = time.time() - launched
        log.seek(0)
        output = log.read()
    if process.returncode != 0 or not out.exists():
        raise RuntimeError(f"newsflow {' '.join(cli_args)} failed:\n{output}")
    events = json.loads(out.read_text(encoding="utf-8"))
    for event in events:
        event["at"] -= launched
    return Timeline(wall, sorted(events, key=lambda event: event["at"]), memory, process.pid)


def _stamp(events: list[dict[str, Any]], step: str, started: float, ended: float,
           cpu: float = 0.0) -> None:
    """`cpu`: the CLI process's CPU seconds (every thread) during the step; on a machine shared
    with other work the steadier figure, for steps nothing else in the process overlaps."""
    events.append({"step": step, "at": started, "seconds": ended - started, "cpu": cpu,
                   "thread": threading.current_thread().name})


def _timed(function: Callable[..., Any], step: str, events: list[dict[str, Any]]) -> Callable[..., Any]:
    if function.__name__ == "open_warehouse":
        return _timed_connection(function, step, events)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, cpu = time.time(), time.process_time()
        try:
            result = function(*args, **kwargs)
        finally:
            _stamp(events, step, started, time.time(), time.process_time() - cpu)
        if function.__name__ == "start_temporary_server":  # it returns the wait: time that too
            return _timed(result, "wait for the Prefect server", events)
        return result
    return wrapper


def _timed_connection(open_warehouse: Callable[..., Any], step: str,
                      events: list[dict[str, Any]]) -> Callable[..., Any]:
    """Time opening a writable connection, and closing it (where DuckDB checkpoints)."""
    @contextmanager
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        started, cpu = time.time(), time.process_time()
        with open_warehouse(*args, **kwargs) as connection:
            writable = not kwargs.get("read_only", len(args) > 1 and args[1])
            if writable:
                _stamp(events, step, started, time.time(), time.process_time() - cpu)
            yield connection
            closing, cpu = time.time(), time.process_time()
        if writable:
            _stamp(events, CLOSE, closing, time.time(), time.process_time() - cpu)
    return wrapper


def child(out: Path, cli_args: list[str]) -> int:
    """In the fresh interpreter: patch the timers in as modules load, run the CLI, write the events."""
    events: list[dict[str, Any]] = []
    started = time.time()
    cli = importlib.import_module("newsflow.cli")
    _stamp(events, "import the CLI (typer, settings)", started, time.time())
    pending = list(STEPS)

    def patch_loaded() -> None:
        for entry in list(pending):
            module_name, attribute, step = entry
            module = sys.modules.get(module_name)
            if module is not None and hasattr(module, attribute):
                setattr(module, attribute, _timed(getattr(module, attribute), step, events))
                pending.remove(entry)

    original_import = builtins.__import__

    def importing(name: str, *args: Any, **kwargs: Any) -> Any:
        module = original_import(name, *args, **kwargs)
        if pending and threading.current_thread() is threading.main_thread():
            patch_loaded()
        return module

    builtins.__import__ = importing
    patch_loaded()
    try:
        cli.app(cli_args, standalone_mode=False)
    finally:
        usage = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        # the CLI's CPU and its children's (spaCy's worker processes, the Prefect server)
        _stamp(events, WHOLE_RUN, started, time.time(),
               sum(use.ru_utime + use.ru_stime for use in usage))
        out.write_text(json.dumps(events), encoding="utf-8")
    return 0


if __name__ == "__main__":
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    sys.exit(child(Path(sys.argv[1]), sys.argv[2:]))
