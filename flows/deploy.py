"""How the ingest flow is run: task runners (local threads or Dask), the scheduled deployment
(served by `newsflow serve`, or declared in prefect.yaml for `prefect deploy`), and the local
Prefect server `newsflow ui` starts.

The deployment's name, schedule and parameters below must match prefect.yaml
(tests/test_prefect_ui.py checks that they do).
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from flows.prefect_env import TEMPORARY_SERVER_ENV

DEPLOYMENT_NAME = "scheduled-inbox"
DEFAULT_CRON = "*/15 * * * *"  # every 15 minutes
DEFAULT_INBOX = "inbox"
DEFAULT_SOURCES = "sources.yaml"  # in the project root; its example feeds are commented out
DEFAULT_PORT = 4200
SERVER_START_TIMEOUT_SECONDS = 90.0


def task_runner(runner: str, dask_address: str | None = None) -> Any:
    """The task runner for `--runner`: `local` (threads) or `dask` (a local cluster, or the
    cluster at `dask_address`). Only submitted tasks (extraction batches) run on it; the flow
    calls the load task directly, so the warehouse keeps a single writer."""
    if runner == "local":
        if dask_address:
            raise ValueError("--dask-address needs --runner dask")
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address)
        from tasks.processes import usable_cores

        # Processes, not threads: spaCy holds the GIL for most of its work. One per usable core.
        return DaskTaskRunner(cluster_kwargs={"n_workers": usable_cores(), "processes": True,
                                              "threads_per_worker": 1})
    raise ValueError(f"unknown --runner {runner!r}: use local or dask")


def deployment_parameters(inbox: str, warehouse: str | None, sources_file: str | None = None,
                          keep_backups: int = 0) -> dict[str, Any]:
    """The deployment's parameters: the inbox folder, the sources file (sources.yaml) whose feeds
    every scheduled run polls, when there is one, and `keep_backups` (N > 0: back the warehouse
    up after each successful publish, keep N)."""
    parameters: dict[str, Any] = {"paths": [inbox], "warehouse": warehouse, "keep_backups": keep_backups}
    if sources_file:
        parameters["sources_file"] = sources_file
    return parameters


def serve(inbox: str = DEFAULT_INBOX, warehouse: str | None = None, cron: str = DEFAULT_CRON,
          name: str = DEPLOYMENT_NAME, sources_file: str | None = None, keep_backups: int = 0) -> None:
    """Serve the scheduled deployment from this process until interrupted. The schedule is
    left active on shutdown, so the UI keeps showing it (and prefect.yaml's twin agrees)."""
    from flows.ingest import ingest_articles

    ingest_articles.serve(
        name=name, cron=cron, parameters=deployment_parameters(inbox, warehouse, sources_file, keep_backups),
        tags=["newsflow"], pause_on_shutdown=False,
        description="Ingest new or changed files from the inbox folder, and the feeds of the "
                    "sources file, into the warehouse.",
    )


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_environment(port: int, home: Path | None = None) -> dict[str, str]:
    """Environment for a local, offline Prefect server on `port` and its clients."""
    api = f"http://127.0.0.1:{port}/api"
    environment = {
        "PREFECT_API_URL": api,
        # On a port other than 4200 the UI would otherwise call the default one.
        "PREFECT_SERVER_UI_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_RUNNER_POLL_FREQUENCY": os.environ.get("PREFECT_RUNNER_POLL_FREQUENCY", "5"),
    }
    if home is not None:
        environment["PREFECT_HOME"] = str(home)
    return environment


def wait_for_health(api_url: str, timeout: float = SERVER_START_TIMEOUT_SECONDS,
                    process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the Prefect server at {api_url} did not answer within {timeout:.0f} s")


PORT_IN_USE_EXIT_CODE = 3  # uvicorn's exit code when it cannot bind its port


def start_temporary_server() -> Callable[[], None]:
    """Start a private Prefect API server for this process's runs, when no PREFECT_API_URL is
    set, and return a function that waits until it answers.

    Prefect's ephemeral mode starts the same server (uvicorn, UI off, the database in
    PREFECT_HOME), but only once the flow is called, after importing the server's code into
    the calling process (≈6 s of CPU). Started before newsflow's own imports, its ≈8 s start-up
    overlaps them. It stops when this process exits: the exit handler is registered before
    Prefect's own (which send the last logs and events to it), so it runs after them.
    """
    if os.environ.get("PREFECT_API_URL"):
        return lambda: None
    server: dict[str, Any] = {}

    def start() -> None:
        server["process"], port = _start_api_server()
        os.environ.update({"PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
                           TEMPORARY_SERVER_ENV: "1"})

    def wait_until_ready() -> None:
        for _attempt in range(3):
            try:
                wait_for_health(os.environ["PREFECT_API_URL"], process=server["process"])
                return
            except RuntimeError:
                if server["process"].poll() != PORT_IN_USE_EXIT_CODE:
                    raise
            start()  # another program took the port meanwhile
        raise RuntimeError("could not start a temporary Prefect server: no free port")

    start()
    atexit.register(lambda: stop_process(server["process"]))
    return wait_until_ready


def _start_api_server() -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    # What Prefect's ephemeral server runs (prefect.server.api.server.SubprocessASGIServer),
    # through flows.temporary_server.
    environment = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                   "PREFECT__SERVER_FINAL": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.temporary_server", str(port), str(os.getpid())],
        # In this process's group, so that whatever stops the run's group stops it too; and it
        # stops itself if this process is killed alone.
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return process, port


def stop_process(process: subprocess.Popen[Any], grace_seconds: float = 10.0) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def local_server(port: int, home: Path | None = None,
                 log_file: Path | None = None) -> Iterator[dict[str, str]]:
    """Start `prefect server start` on 127.0.0.1:`port` in its own process group, wait until
    it answers, yield its environment, and stop the whole group afterwards."""
    environment = {**os.environ, **server_environment(port, home)}
    log = log_file.open("wb") if log_file else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port), "--analytics-off"],
        env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        wait_for_health(environment["PREFECT_API_URL"], process=process)
        yield server_environment(port, home)
    finally:
        stop_process_group(process)
        if log_file and not isinstance(log, int):
            log.close()


def stop_process_group(process: subprocess.Popen[Any], grace_seconds: float = 10.0) -> None:
    """Stop a process started with start_new_session=True and everything it started."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def ui(port: int = DEFAULT_PORT, inbox: str = DEFAULT_INBOX, warehouse: str | None = None,
       cron: str = DEFAULT_CRON, sources_file: str | None = None) -> None:
    """Start a local Prefect server (analytics off), serve the scheduled deployment against
    it, and print where the UI is. Ctrl-C stops both."""
    with local_server(port) as environment:
        os.environ.update(environment)
        print(f"Prefect UI: http://127.0.0.1:{port}  (deployment "
              f"'ingest-articles/{DEPLOYMENT_NAME}', schedule '{cron}', inbox '{inbox}'"
              + (f", sources '{sources_file}')" if sources_file else ")"),
              flush=True)
        print(f"Trigger a run now: prefect deployment run 'ingest-articles/{DEPLOYMENT_NAME}'",
              flush=True)
        with suppress(KeyboardInterrupt):
            serve(inbox, warehouse, cron, sources_file=sources_file)
