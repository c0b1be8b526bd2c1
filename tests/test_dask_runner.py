"""`--runner dask` on a real Dask cluster (a scheduler and two worker processes) builds the
same warehouse as the local runner; only run ids and timestamps differ."""

from __future__ import annotations

from pathlib import Path

from distributed import Client

from tests.conftest import run_newsflow
from tests.helpers_prefect import (
    dask_cluster,
    pipeline_runs,
    prefect_server,
    warehouse_content,
    write_inbox,
)

__all__ = ["dask_cluster", "prefect_server"]  # fixtures: imported so pytest finds them

# One article per extraction task, so the three articles are spread over both workers.
ONE_ARTICLE_PER_TASK = {"NEWSFLOW_ARTICLES_PER_TASK": "1"}


def tasks_run_by_cluster(address: str) -> dict[str, int]:
    """How many tasks of each kind (key prefix) the scheduler has computed."""
    with Client(address, timeout=30) as client:
        return client.run_on_scheduler(lambda dask_scheduler: {
            name: prefix.state_counts.get("memory", 0)  # each finished task reached memory once
            for name, prefix in dask_scheduler.task_prefixes.items()
        })


def model_loads_by_worker(address: str) -> dict[str, int]:
    """How many times each worker process loaded a spaCy pipeline (its cache's misses)."""
    def loads() -> int:
        from tasks.extract import _load_model

        return _load_model.cache_info().misses

    with Client(address, timeout=30) as client:
        return client.run(loads)


def test_dask_cluster_builds_the_same_warehouse_as_a_local_run(
    tmp_path: Path, dask_cluster: str, prefect_server: dict[str, str]
) -> None:
    # A started server: the workers report task runs to it (no ephemeral server per run).
    inbox = write_inbox(tmp_path / "inbox")
    local, distributed = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    for warehouse, runner in ((local, ["--runner", "local"]),
                              (distributed, ["--runner", "dask", "--dask-address", dask_cluster])):
        result = run_newsflow("run", str(inbox), "--warehouse", str(warehouse), *runner,
                              env={**prefect_server, **ONE_ARTICLE_PER_TASK})
        assert result.returncode == 0, result.stdout + result.stderr

    assert warehouse_content(distributed) == warehouse_content(local)
    assert pipeline_runs(distributed) == pipeline_runs(local) == [("completed", 3, 0, 3, 0, 0)]
    seen = tasks_run_by_cluster(dask_cluster)
    # The three extraction batches ran on the cluster; nothing else was sent there.
    assert {name: count for name, count in seen.items() if "extract" in name} == {
        "extract_batch": 3}, seen
    assert not any("load" in name for name in seen), seen
    # Each worker loaded the model once, however many batches it ran.
    assert sorted(model_loads_by_worker(dask_cluster).values()) == [1, 1]
