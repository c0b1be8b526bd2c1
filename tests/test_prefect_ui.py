"""End to end in the Prefect UI: a real server on a temporary PREFECT_HOME, the scheduled
deployment served by `newsflow serve`, a run triggered with `prefect deployment run --watch`,
and Debian's chromium (driven by Playwright, no `playwright install`) showing the deployment
with its schedule, the completed run and its report artifact with the right counts.
Screenshots are saved under the test's tmp_path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import yaml

from flows import deploy, report
from tests.browser import local_only_context, requires_chromium
from tests.conftest import PROJECT
from tests.helpers_prefect import prefect_server, start_group, write_inbox

__all__ = ["prefect_server"]  # a fixture: imported so pytest finds it

# A schedule that will not fire while the test runs, so the only run is the one triggered.
TEST_CRON = "0 6 * * *"
DEPLOYMENT = f"ingest-articles/{deploy.DEPLOYMENT_NAME}"


def test_prefect_yaml_declares_the_served_deployment() -> None:
    config = yaml.safe_load((PROJECT / "prefect.yaml").read_text(encoding="utf-8"))
    (deployment,) = config["deployments"]
    assert deployment["name"] == deploy.DEPLOYMENT_NAME
    assert deployment["entrypoint"] == "flows/ingest.py:ingest_articles"
    assert deployment["schedules"] == [{"cron": deploy.DEFAULT_CRON, "active": True}]
    assert deployment["parameters"] == deploy.deployment_parameters(deploy.DEFAULT_INBOX, None,
                                                                        deploy.DEFAULT_SOURCES)


def api(env: dict[str, str], method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    response = httpx.request(method, env["PREFECT_API_URL"] + path, json=body, timeout=30)
    response.raise_for_status()
    return response.json()


def wait_for_deployment(env: dict[str, str], serving: subprocess.Popen[bytes],
                        log: Path, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert serving.poll() is None, log.read_text(errors="replace")
        response = httpx.get(f"{env['PREFECT_API_URL']}/deployments/name/{DEPLOYMENT}",
                             timeout=10)
        if response.status_code == 200:
            return response.json()
        time.sleep(1)
    raise TimeoutError(f"deployment never appeared: {log.read_text(errors='replace')}")


@requires_chromium
def test_scheduled_run_and_its_report_show_in_the_ui(
    tmp_path: Path, prefect_server: dict[str, str]
) -> None:
    env = {**prefect_server, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    inbox = write_inbox(tmp_path / "inbox")
    warehouse = tmp_path / "w.duckdb"
    serve_log = tmp_path / "serve.log"
    serving = start_group(
        [sys.executable, "-m", "newsflow.cli", "serve", "--inbox", str(inbox),
         "--warehouse", str(warehouse), "--cron", TEST_CRON], serve_log, env=env)
    try:
        deployment = wait_for_deployment(env, serving, serve_log)
        assert [s["schedule"]["cron"] for s in deployment["schedules"]] == [TEST_CRON]
        assert deployment["parameters"] == {"paths": [str(inbox)], "warehouse": str(warehouse),
                                            "keep_backups": 0}

        triggered = subprocess.run(
            [sys.executable, "-m", "prefect", "deployment", "run", DEPLOYMENT, "--watch",
             "--watch-timeout", "400"],
            cwd=PROJECT, env={**os.environ, **env}, capture_output=True,
            text=True, timeout=450)
        assert triggered.returncode == 0, (triggered.stdout + triggered.stderr
                                           + serve_log.read_text(errors="replace"))
    finally:
        deploy.stop_process_group(serving)

    # The schedule's future runs are there too (Scheduled); the triggered one has finished.
    runs = api(env, "POST", "/flow_runs/filter",
               {"deployments": {"id": {"any_": [deployment["id"]]}}})
    (flow_run,) = [run for run in runs if run["state"]["type"] != "SCHEDULED"]
    assert flow_run["state"]["type"] == "COMPLETED"
    assert flow_run["name"] == "ingest-inbox-into-w.duckdb"
    artifacts = {a["key"]: a for a in api(env, "POST", "/artifacts/filter", {
        "artifacts": {"flow_run_id": {"any_": [flow_run["id"]]}}})}
    assert set(artifacts) == {report.REPORT_KEY, report.EVENTS_KEY}
    markdown = artifacts[report.REPORT_KEY]["data"]
    assert "| new articles | 3 |" in markdown and "| inputs seen | 3 |" in markdown
    assert "Data Docs: [" in markdown
    events = json.loads(artifacts[report.EVENTS_KEY]["data"]) if isinstance(
        artifacts[report.EVENTS_KEY]["data"], str) else artifacts[report.EVENTS_KEY]["data"]
    assert len(events) > 0

    ui = env["PREFECT_API_URL"].removesuffix("/api")
    ui_host = urlparse(ui).netloc
    with local_only_context(lambda url: urlparse(url).netloc == ui_host, 1400, 1000) as (
            context, blocked):
        page = context.new_page()

        page.goto(f"{ui}/deployments/deployment/{deployment['id']}")
        page.get_by_text(deploy.DEPLOYMENT_NAME).first.wait_for(timeout=60_000)
        page.get_by_text("At 06:00 AM").first.wait_for(timeout=30_000)
        page.screenshot(path=tmp_path / "deployment.png", full_page=True)

        page.goto(f"{ui}/runs/flow-run/{flow_run['id']}")
        page.get_by_text(flow_run["name"]).first.wait_for(timeout=60_000)
        page.get_by_text("Completed").first.wait_for(timeout=30_000)
        page.screenshot(path=tmp_path / "flow-run.png", full_page=True)

        page.get_by_text("Artifacts", exact=True).first.click()
        page.get_by_text(report.REPORT_KEY).first.wait_for(timeout=30_000)
        page.screenshot(path=tmp_path / "flow-run-artifacts.png", full_page=True)

        page.goto(f"{ui}/artifacts/artifact/{artifacts[report.REPORT_KEY]['id']}")
        page.get_by_text("new articles").first.wait_for(timeout=30_000)
        row = page.locator("tr", has_text="new articles").first
        assert row.inner_text().split() == ["new", "articles", "3"]
        assert page.locator("tr", has_text="inputs seen").first.inner_text().split() == [
            "inputs", "seen", "3"]
        page.screenshot(path=tmp_path / "report-artifact.png", full_page=True)
    assert all(urlparse(url).hostname not in {"127.0.0.1", "localhost"} for url in blocked)
