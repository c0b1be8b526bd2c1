"""End to end: the scheduled deployment (`newsflow serve --sources`) on a real Prefect server
fetches an RSS and an Atom feed from a real site on 127.0.0.1, and a second run fetches no
unchanged page (counted by the site). Then: pages fetched by a run that fails later are not
lost, and not fetched again by the next run."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows import deploy, report
from tests.conftest import PROJECT, run_newsflow
from tests.helpers_prefect import prefect_server, start_group
from tests.news_site import NewsSite, news_site
from tests.test_prefect_ui import DEPLOYMENT, TEST_CRON, api, wait_for_deployment

__all__ = ["prefect_server"]  # a fixture: imported so pytest finds it

FAST_RETRIES = {"NEWSFLOW_FETCH_BACKOFF_SECONDS": "0.05"}
PAGES = {"/news/berlin-energy-pact.html", "/news/nairobi-protests.html", "/news/tokyo-chips.html",
         "/news/flaky.html", "/news/redirected-target.html", "/news/canberra-trade.html"}


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with news_site() as running:
        yield running


def sources_file(folder: Path, site: NewsSite) -> Path:
    path = folder / "sources.yaml"
    path.write_text(
        "defaults: {timeout_seconds: 1, delay_seconds: 0, concurrency: 4, retries: 2}\n"
        "sources:\n"
        f"  - {{name: test-rss, url: '{site.base}/feed.xml'}}\n"
        f"  - {{name: test-atom, url: '{site.base}/atom.xml', kind: feed}}\n", encoding="utf-8")
    return path


def trigger(env: dict[str, str], serve_log: Path) -> None:
    triggered = subprocess.run(
        [sys.executable, "-m", "prefect", "deployment", "run", DEPLOYMENT, "--watch",
         "--watch-timeout", "400"], cwd=PROJECT, env={**os.environ, **env}, capture_output=True,
        text=True, timeout=450)
    assert triggered.returncode == 0, triggered.stdout + triggered.stderr + serve_log.read_text(errors="replace")


def finished_runs(env: dict[str, str], deployment_id: str) -> list[dict[str, Any]]:
    runs = api(env, "POST", "/flow_runs/filter", {"deployments": {"id": {"any_": [deployment_id]}},
                                                  "sort": "START_TIME_ASC"})
    return [run for run in runs if run["state"]["type"] != "SCHEDULED"]


def test_the_scheduled_deployment_fetches_feeds_and_a_second_run_fetches_nothing_unchanged(
    tmp_path: Path, prefect_server: dict[str, str], site: NewsSite
) -> None:
    env = {**prefect_server, **FAST_RETRIES, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "w.duckdb"
    sources = sources_file(tmp_path, site)
    serve_log = tmp_path / "serve.log"
    serving = start_group(
        [sys.executable, "-m", "newsflow.cli", "serve", "--inbox", str(inbox), "--warehouse",
         str(warehouse), "--cron", TEST_CRON, "--sources", str(sources)], serve_log, env=env)
    try:
        deployment = wait_for_deployment(env, serving, serve_log)
        assert deployment["parameters"] == {"paths": [str(inbox)], "warehouse": str(warehouse),
                                            "sources_file": str(sources), "keep_backups": 0}
        trigger(env, serve_log)
        first_requests = site.paths()
        site.clear()
        trigger(env, serve_log)
    finally:
        deploy.stop_process_group(serving)

    # First run: every linked page once (the flaky one three times: 500, 500, 200).
    assert {path for path in first_requests if path.startswith("/news/")} >= PAGES
    assert first_requests.count("/news/nairobi-protests.html") == 1  # linked by both feeds
    # Second run: both feeds answer 304 to the conditional GET; no page is fetched.
    assert sorted((request.path, request.conditional) for request in site.requests
                  if request.path != "/robots.txt") == [("/atom.xml", True), ("/feed.xml", True)]

    with duckdb.connect(str(warehouse), read_only=True) as db:
        articles = dict(db.execute("select url, published_at::varchar from articles").fetchall())
        assert {url.removeprefix(site.base) for url in articles} == PAGES
        assert articles[f"{site.base}/news/berlin-energy-pact.html"] == "2024-03-04 09:30:00"  # feed
        assert articles[f"{site.base}/news/tokyo-chips.html"].startswith("2024-03-06")  # page metadata
        assert articles[f"{site.base}/news/canberra-trade.html"] == "2024-03-07 05:45:00"  # Atom
        stages = dict(db.execute("select source_uri, stage from rejected_inputs").fetchall())
        assert {uri.removeprefix(site.base) for uri in stages} == {
            "/news/missing.html", "/news/slow.html", "/loop", "/news/binary.html", "/files/report.pdf",
            "/news/empty.html", "/private/leak.html"}
        source_urls = {row[0] for row in db.execute("select SOURCEURL from gdelt_events").fetchall()}
        assert source_urls and source_urls <= set(articles)
        # status, inputs_seen, articles_new, inputs_rejected, inputs_skipped
        assert db.execute("select status, inputs_seen, articles_new, inputs_rejected, inputs_skipped "
                          "from pipeline_runs order by started_at").fetchall() == [
            ("completed", 13, 6, 7, 1), ("completed", 0, 0, 0, 0)]
        assert db.execute("select count(*) from source_state").fetchone() == (2,)

    first, second = finished_runs(env, deployment["id"])
    assert first["state"]["type"] == second["state"]["type"] == "COMPLETED"
    task_runs = api(env, "POST", "/task_runs/filter", {"flow_runs": {"id": {"any_": [first["id"]]}}})
    assert sorted(run["name"] for run in task_runs if run["name"].startswith("fetch-")) == [
        "fetch-test-atom", "fetch-test-rss"]  # one task per source, not per URL
    markdown = api(env, "POST", "/artifacts/filter", {
        "artifacts": {"flow_run_id": {"any_": [first["id"]]}, "key": {"any_": [report.REPORT_KEY]}}})[0]["data"]
    assert f"| [test-rss]({site.base}/feed.xml) | 12 | 5 | 0 | 7 | 15 |" in markdown
    assert f"| [test-atom]({site.base}/atom.xml) | 2 | 1 | 1 | 0 | 3 |" in markdown
    second_report = api(env, "POST", "/artifacts/filter", {
        "artifacts": {"flow_run_id": {"any_": [second["id"]]}, "key": {"any_": [report.REPORT_KEY]}}})[0]["data"]
    assert "| not modified (304) |" in second_report


def test_pages_fetched_by_a_run_that_fails_later_are_kept_for_the_next(tmp_path: Path, site: NewsSite) -> None:
    warehouse = tmp_path / "w.duckdb"
    broken_suites = tmp_path / "broken-expectations.json"
    broken_suites.write_text("{", encoding="utf-8")  # validation fails, after the fetch
    feed = f"{site.base}/atom.xml"
    failed = run_newsflow("run", feed, "--warehouse", str(warehouse),
                          env={**FAST_RETRIES, "NEWSFLOW_EXPECTATIONS_FILE": str(broken_suites)})
    assert failed.returncode == 1 and failed.stderr.startswith("Error:")
    assert site.count("/news/canberra-trade.html") == 1

    resumed = run_newsflow("run", feed, "--warehouse", str(warehouse), env=FAST_RETRIES)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert site.count("/news/canberra-trade.html") == site.count("/news/nairobi-protests.html") == 1
    assert "articles          2 new" in resumed.stdout
    with duckdb.connect(str(warehouse), read_only=True) as db:
        assert db.execute("select count(*) from articles where url is not null").fetchone() == (2,)
    assert not list((tmp_path / ".fetched" / warehouse.name).glob("*.parquet"))  # published: gone
