"""Prefect settings newsflow needs before Prefect is imported: offline and quiet."""

from __future__ import annotations

import os

# Set while a `newsflow run` talks to its own temporary Prefect server (flows.deploy): run state
# such as concurrency leases then lives only as long as the run, as in Prefect's ephemeral mode.
TEMPORARY_SERVER_ENV = "NEWSFLOW_TEMPORARY_PREFECT_SERVER"

QUIET_DEFAULTS = {
    # No telemetry: the machines this runs on are offline, and analysts did not opt in.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The CLI prints its own summary and turns errors into one line; Prefect's console lines
    # (and tracebacks) would bury it. Run logs still reach a server's UI when one is used.
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_FLOW_RUNS_LEVEL": "CRITICAL",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_TASK_RUNS_LEVEL": "CRITICAL",
    # A first run migrates a fresh SQLite database; on a busy 2-core machine that can take
    # longer than Prefect's default 20 s.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    # Keep a plain run from printing a traceback when the ephemeral server shuts down.
    "PREFECT_SERVER_LOGGING_LEVEL": "ERROR",
}


def configure_prefect_environment() -> None:
    """Set newsflow's defaults unless the user set them already."""
    for name, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(name, value)


def server_outlives_run() -> bool:
    """False while this process's runs talk to their own temporary server (see above)."""
    return not os.environ.get(TEMPORARY_SERVER_ENV)
