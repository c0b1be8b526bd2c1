"""A run on this machine, as `newsflow run` starts it: the one function its command calls.

When every input file is unchanged the run is recorded without Prefect (`flows.unchanged`).
Otherwise a temporary Prefect server starts first (everything up to the flow call overlaps its
start-up), the models warm up meanwhile, and the ingest flow runs on the chosen task runner.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from flows.prefect_env import configure_prefect_environment
from flows.settings import Settings
from flows.unchanged import record_unchanged_run
from tasks.assemble import RunSummary


def run_locally(targets: list[str], parameters: dict[str, Any], settings: Settings, runner: str,
                dask_address: str | None,
                showing_progress: Callable[[], AbstractContextManager[Any]]) -> RunSummary:
    """Ingest `targets` with the flow's other `parameters`; returns the run's summary, also
    of a run that published nothing (its status says so). A sources file is always fetched."""
    unchanged = None if parameters.get("sources_file") else record_unchanged_run(targets, settings)
    if unchanged is not None:
        return unchanged
    configure_prefect_environment()
    from flows.deploy import start_temporary_server

    wait_until_server_ready = start_temporary_server()
    from flows.deploy import task_runner
    from flows.ingest import RunFailedError, ingest_articles, warm_up

    runner_instance = task_runner(runner, dask_address)
    warming = warm_up(settings.spacy_model if runner == "local" else None)
    flow = ingest_articles.with_options(task_runner=runner_instance)
    wait_until_server_ready()
    with showing_progress():
        state = flow(targets, **parameters, return_state=True)
    warming.join()
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, RunFailedError):
        return outcome.summary
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome
