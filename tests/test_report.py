"""`newsflow report`: a self-contained HTML report whose every chart renders in headless
chromium without network access."""

from __future__ import annotations

from pathlib import Path

from newsflow.report import write_report, write_warehouse_report
from tests.analyst_warehouses import (
    corpus_warehouse,
    empty_warehouse_connection,
    hand_made_warehouse_connection,
)
from tests.browser import local_only_context, requires_chromium
from tests.conftest import run_newsflow

__all__ = ["corpus_warehouse"]  # a fixture, imported for pytest
CHART_IDS = ["top-entities", "cooccurrence-network", "event-timeline", "country-dyads", "event-map"]


def render_in_chromium(report: Path, screenshot: Path) -> dict[str, object]:
    """Open `report` with every non-file request blocked; return what the page showed."""
    console_errors: list[str] = []
    with local_only_context(lambda url: url.startswith("file://"), 1280, 900) as (
            context, blocked):
        page = context.new_page()
        page.on("console", lambda message: console_errors.append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: console_errors.append(str(error)))
        page.goto(report.as_uri())
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {len(CHART_IDS)}",
            timeout=30_000,
        )
        charts = page.evaluate("""() => Object.fromEntries(
            Array.from(document.querySelectorAll('.js-plotly-plot')).map(chart => [
                chart.id,
                {svgs: chart.querySelectorAll('svg.main-svg').length,
                 width: chart.getBoundingClientRect().width,
                 height: chart.getBoundingClientRect().height,
                 marks: chart.querySelectorAll(
                    'g.trace path, g.trace .point, g.scatterlayer path, g.annotation').length}
            ]))""")
        # the map's outline: the length of the land layer's path (0 when nothing was drawn)
        charts["outline"] = page.evaluate("""() => {
            const land = document.querySelector('#event-map g.layer.land path');
            return land ? (land.getAttribute('d') || '').length : 0; }""")
        charts["map_points"] = page.evaluate(
            "() => document.querySelectorAll('#event-map g.trace.scattergeo path.point').length")
        page.screenshot(path=str(screenshot), full_page=True)
    return {"console_errors": console_errors, "blocked": blocked, "charts": charts}


def assert_every_chart_rendered(rendered: dict[str, object]) -> None:
    assert rendered["console_errors"] == []
    assert rendered["blocked"] == []  # plotly.js is inlined: nothing to fetch
    charts = dict(rendered["charts"])  # type: ignore[call-overload]
    charts.pop("outline"), charts.pop("map_points")
    assert sorted(charts) == sorted(CHART_IDS)
    for chart_id, chart in charts.items():
        assert chart["svgs"] >= 1, chart_id
        assert chart["width"] > 100 and chart["height"] > 100, chart_id
        assert chart["marks"] > 0, chart_id


def test_report_is_self_contained_html(tmp_path: Path) -> None:
    output = write_report(hand_made_warehouse_connection(), tmp_path / "report.html")
    html = output.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script src=" not in html and "<link " not in html  # nothing fetched
    assert html.count("Plotly.newPlot") == len(CHART_IDS)
    for chart_id in CHART_IDS:
        assert f'id="{chart_id}"' in html
    assert "<th>Articles</th><td>2</td>" in html


def test_report_command_writes_beside_the_warehouse(seed_warehouse: Path, tmp_path: Path) -> None:
    output = tmp_path / "out" / "seed-report.html"
    result = run_newsflow("report", "--warehouse", str(seed_warehouse), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"report written to {output}"
    assert output.stat().st_size > 1_000_000  # plotly.js inlined


def test_report_command_on_a_missing_warehouse_says_so(tmp_path: Path) -> None:
    result = run_newsflow("report", "--warehouse", str(tmp_path / "none.duckdb"))
    assert result.returncode == 1
    assert "no warehouse at" in result.stderr


def test_report_on_a_warehouse_without_the_views_creates_them_temporarily(tmp_path: Path) -> None:
    import duckdb

    from tasks.warehouse_files import SQL_DIR

    warehouse = tmp_path / "old.duckdb"
    connection = duckdb.connect(str(warehouse))
    for table in sorted((SQL_DIR / "tables").glob("*.sql")):
        connection.execute(table.read_text(encoding="utf-8"))
    connection.close()
    output = write_warehouse_report(warehouse, tmp_path / "report.html")
    assert "No entities in the warehouse yet." in output.read_text(encoding="utf-8")


@requires_chromium
def test_every_chart_renders_in_chromium(tmp_path: Path) -> None:
    report = write_report(hand_made_warehouse_connection(), tmp_path / "report.html")
    rendered = render_in_chromium(report, tmp_path / "report.png")
    assert_every_chart_rendered(rendered)
    assert (tmp_path / "report.png").stat().st_size > 10_000


@requires_chromium
def test_an_empty_warehouse_report_renders_with_messages(tmp_path: Path) -> None:
    report = write_report(empty_warehouse_connection(), tmp_path / "report.html")
    assert_every_chart_rendered(render_in_chromium(report, tmp_path / "report.png"))
    assert "No events in the warehouse yet." in report.read_text(encoding="utf-8")


@requires_chromium
def test_corpus_report_renders_in_chromium(corpus_warehouse: Path, tmp_path: Path) -> None:
    report = write_warehouse_report(corpus_warehouse, tmp_path / "report.html")
    rendered = render_in_chromium(report, tmp_path / "report.png")
    assert_every_chart_rendered(rendered)
    # The event map drew its world outline (inlined, nothing fetched) and a circle per place.
    charts = rendered["charts"]
    assert charts["outline"] > 10_000
    assert charts["map_points"] >= 5


@requires_chromium
def test_event_map_draws_places_on_an_inlined_outline(tmp_path: Path) -> None:
    connection = hand_made_warehouse_connection()
    connection.execute("""
        update entities set feature_class = 'country', latitude = v.lat, longitude = v.lon
        from (values ('e_us', 38.0, -97.0), ('e_jp', 36.0, 138.0)) as v(id, lat, lon)
        where entities.entity_id = v.id;
        update events set location_entity_id = 'e_us', location_source = 'sentence'
        where event_id in ('ev_meet', 'ev_agree');
        update events set location_entity_id = 'e_jp', location_source = 'article'
        where event_id = 'ev_sue';
    """)
    report = write_report(connection, tmp_path / "report.html")
    rendered = render_in_chromium(report, tmp_path / "report.png")
    assert_every_chart_rendered(rendered)    # no console error, nothing blocked or fetched
    charts = rendered["charts"]
    assert charts["outline"] > 10_000         # the land layer, from the inlined TopoJSON
    assert charts["map_points"] == 2          # the US (2 events) and Japan (1)
