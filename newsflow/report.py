"""A self-contained HTML report of the warehouse: corpus summary, top entities, co-occurrence
network, event timeline by CAMEO QuadClass and country-dyad cooperation vs conflict.

The queries live in sql/report/; this module only shapes their results into plotly figures.
plotly.js is inlined once, so the file opens without a network connection.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import networkx as nx
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from newsflow.world_outline import geo_assets_script
from tasks.load import create_marts, create_views, load_seeds, open_warehouse
from tasks.warehouse_files import SQL_DIR, sql_files

# CAMEO QuadClass colours: cooperation in blues/greens, conflict in oranges/reds.
QUAD_CLASS_COLOURS = {
    1: "#4c9be8",  # verbal cooperation
    2: "#2a9d5c",  # material cooperation
    3: "#f2a541",  # verbal conflict
    4: "#d62828",  # material conflict
}
QUAD_CLASS_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
ENTITY_TYPE_COLOURS = {
    "PERSON": "#e76f51", "ORG": "#2a9d8f", "GPE": "#264653", "LOC": "#8ab17d",
    "NORP": "#e9c46a", "FAC": "#9c6644", "EVENT": "#7b2cbf", "PRODUCT": "#f4a261",
    "LAW": "#6c757d", "WORK_OF_ART": "#b5838d", "LANGUAGE": "#adb5bd",
}
OTHER_COLOUR = "#999999"
# Above this many days between first and last event the timeline groups by month.
DAILY_TIMELINE_MAX_DAYS = 120
UNDATED = "undated"
_CREATE_VIEW = re.compile(r"create\s+or\s+replace\s+view", re.IGNORECASE)


def write_warehouse_report(warehouse: Path, output: Path, lock_timeout: float = 30.0) -> Path:
    """Open `warehouse` read-only and write the report to `output`; return `output`."""
    with open_warehouse(warehouse, read_only=True, lock_timeout=lock_timeout) as connection:
        return write_report(connection, output, title_source=str(warehouse))


def write_report(connection: duckdb.DuckDBPyConnection, output: Path,
                 title_source: str = "warehouse") -> Path:
    """Write the HTML report of the warehouse behind `connection` (read-only is enough)."""
    ensure_analyst_views(connection)
    summary = run_report_query(connection, "corpus_summary")
    figures = {
        "top-entities": top_entities_figure(run_report_query(connection, "top_entities")),
        "cooccurrence-network": cooccurrence_figure(
            run_report_query(connection, "cooccurrence_network")
        ),
        "event-timeline": event_timeline_figure(run_report_query(connection, "events_by_day")),
        "country-dyads": country_pairs_figure(run_report_query(connection, "country_pairs")),
        "event-map": event_map_figure(run_report_query(connection, "events_by_place")),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_html(summary, figures, title_source), encoding="utf-8")
    return output


def ensure_analyst_views(connection: duckdb.DuckDBPyConnection) -> None:
    """Create, as temporary views, any sql/views/ view the warehouse lacks (and, as temporary
    tables, the marts they read).

    A warehouse built before a view was added has no such view, and a read-only connection
    cannot add it to the file; a temporary view lives only in this connection.
    """
    create_marts(connection, temporary=True)
    existing = {row[0] for row in connection.execute(
        "select view_name from duckdb_views() where not internal"
    ).fetchall()}
    seeds = {row[0] for row in connection.execute("select table_name from duckdb_tables()").fetchall()}
    if any(file.stem not in seeds for file in sql_files("seeds")):
        load_seeds(connection, temporary=True)
    create_views(connection, [
        _CREATE_VIEW.sub("create or replace temp view", view_file.read_text(encoding="utf-8"),
                         count=1)
        for view_file in sorted((SQL_DIR / "views").glob("*.sql"))
        if view_file.stem not in existing
    ])


def run_report_query(connection: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame:
    sql = (SQL_DIR / "report" / f"{name}.sql").read_text(encoding="utf-8")
    return connection.sql(sql).pl()


def top_entities_figure(top_entities: pl.DataFrame, max_types: int = 6) -> go.Figure:
    """One horizontal bar chart per entity type (most populous types first)."""
    types = (top_entities.select("entity_type", "type_rank").unique()
             .sort("type_rank").head(max_types)["entity_type"].to_list())
    if not types:
        return _empty_figure("Top entities by type", "No entities in the warehouse yet.")
    columns = 2 if len(types) > 1 else 1
    rows = -(-len(types) // columns)
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=types,
                           horizontal_spacing=0.22, vertical_spacing=0.3 / rows)
    for position, entity_type in enumerate(types):
        ranked = top_entities.filter(pl.col("entity_type") == entity_type).sort("rank")
        figure.add_trace(
            go.Bar(
                x=ranked["article_count"].to_list(),
                y=ranked["canonical_name"].to_list(),
                customdata=ranked["mention_count"].to_list(),
                orientation="h",
                marker_color=ENTITY_TYPE_COLOURS.get(entity_type, OTHER_COLOUR),
                name=entity_type,
                hovertemplate="%{y}: %{x} articles, %{customdata} mentions<extra></extra>",
            ),
            row=position // columns + 1, col=position % columns + 1,
        )
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(rangemode="tozero")
    figure.update_xaxes(title_text="articles", row=rows)
    figure.update_layout(title="Top entities by type (articles mentioning them)",
                         showlegend=False, height=max(320, 300 * rows),
                         margin={"l": 10, "r": 10, "t": 80, "b": 40})
    return figure


def _network_positions(nodes: pl.DataFrame, edges: pl.DataFrame) -> pl.DataFrame:
    """entity_id, x, y: a spring layout of the network, edges pulling by shared sentences."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes["entity_id"].to_list())
    graph.add_weighted_edges_from(
        edges.select("source_id", "target_id", "sentence_count").iter_rows()
    )
    # A fixed seed keeps the picture the same from one report to the next.
    layout = nx.spring_layout(graph, weight="weight", seed=7, k=1.5 / max(len(nodes), 1) ** 0.5)
    return pl.DataFrame({
        "entity_id": list(layout),
        "x": [float(point[0]) for point in layout.values()],
        "y": [float(point[1]) for point in layout.values()],
    })


def cooccurrence_figure(edges: pl.DataFrame) -> go.Figure:
    """The co-occurrence network: node size = articles, edge width = shared sentences."""
    if edges.is_empty():
        return _empty_figure("Entity co-occurrence network",
                             "No two entities share a sentence yet.")
    nodes = pl.concat([
        edges.select(entity_id="source_id", name="source_name", entity_type="source_type",
                     articles="source_articles"),
        edges.select(entity_id="target_id", name="target_name", entity_type="target_type",
                     articles="target_articles"),
    ]).unique("entity_id").sort("entity_id")
    positions = _network_positions(nodes, edges)
    placed_edges = (
        edges.join(positions.rename({"entity_id": "source_id", "x": "x0", "y": "y0"}),
                   on="source_id")
        .join(positions.rename({"entity_id": "target_id", "x": "x1", "y": "y1"}), on="target_id")
    )
    heaviest = max(placed_edges["sentence_count"].max() or 1, 1)
    figure = go.Figure()
    # Edges are drawn in a few width bands: one trace per band keeps the trace count small.
    bands = placed_edges.with_columns(
        band=(pl.col("sentence_count") * 4 / heaviest).ceil().clip(1, 4).cast(pl.Int64)
    )
    for band, band_edges in bands.group_by("band", maintain_order=True):
        xs: list[float | None] = []
        ys: list[float | None] = []
        for x0, y0, x1, y1 in band_edges.select("x0", "y0", "x1", "y1").iter_rows():
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        figure.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
            line={"width": 0.6 + 1.2 * band[0], "color": "rgba(120,120,140,0.45)"},
        ))
    placed_nodes = nodes.join(positions, on="entity_id")
    largest = max(placed_nodes["articles"].max() or 1, 1)
    for entity_type, typed in placed_nodes.group_by("entity_type", maintain_order=True):
        figure.add_trace(go.Scatter(
            x=typed["x"].to_list(), y=typed["y"].to_list(), mode="markers+text",
            name=str(entity_type[0]),
            text=typed["name"].to_list(), textposition="top center", textfont={"size": 10},
            customdata=typed["articles"].to_list(),
            hovertemplate="%{text}: %{customdata} articles<extra></extra>",
            marker={
                "size": (typed["articles"] / largest * 26 + 8).to_list(),
                "color": ENTITY_TYPE_COLOURS.get(str(entity_type[0]), OTHER_COLOUR),
                "line": {"width": 1, "color": "white"},
            },
        ))
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    figure.update_layout(title="Entity co-occurrence network (shared sentences)", height=640,
                         legend_title_text="entity type", plot_bgcolor="white",
                         margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return figure


def event_timeline_figure(events_by_day: pl.DataFrame) -> go.Figure:
    """Stacked bars of events per day (or month) and QuadClass; undated events at the end."""
    if events_by_day.is_empty():
        return _empty_figure("Events by CAMEO QuadClass", "No events in the warehouse yet.")
    dated = events_by_day.filter(pl.col("event_day").is_not_null())
    span_days = ((dated["event_day"].max() - dated["event_day"].min()).days  # type: ignore[operator]
                 if not dated.is_empty() else 0)
    period_format = "%Y-%m" if span_days > DAILY_TIMELINE_MAX_DAYS else "%Y-%m-%d"
    periods = (
        events_by_day
        .with_columns(period=pl.col("event_day").dt.strftime(period_format).fill_null(UNDATED))
        .group_by("period", "quad_class").agg(pl.col("event_count").sum())
    )
    period_order = sorted(periods["period"].unique().to_list(), key=lambda p: (p == UNDATED, p))
    figure = go.Figure()
    for quad_class, name in QUAD_CLASS_NAMES.items():
        counts = periods.filter(pl.col("quad_class") == quad_class)
        by_period = dict(zip(counts["period"].to_list(), counts["event_count"].to_list(),
                             strict=True))
        figure.add_trace(go.Bar(
            x=period_order, y=[by_period.get(period, 0) for period in period_order],
            name=f"{quad_class} {name}", marker_color=QUAD_CLASS_COLOURS[quad_class],
            hovertemplate="%{x}: %{y} events<extra>" + name + "</extra>",
        ))
    unit = "month" if period_format == "%Y-%m" else "day"
    figure.update_layout(
        title=f"Events per {unit} by CAMEO QuadClass (negated events left out)",
        barmode="stack", height=420, legend_title_text="QuadClass",
        xaxis={"type": "category", "title": f"{unit} (event date, else article date)"},
        yaxis={"title": "events"}, margin={"l": 10, "r": 10, "t": 60, "b": 40},
    )
    return figure


def country_pairs_figure(country_pairs: pl.DataFrame) -> go.Figure:
    """Diverging bars per country pair: cooperation to the right, conflict to the left."""
    if country_pairs.is_empty():
        return _empty_figure("Country dyads: cooperation vs conflict",
                             "No events between two countries yet.")
    dyads = country_pairs["dyad"].to_list()
    goldstein = country_pairs["mean_goldstein"].to_list()
    # Both x axes symmetric around 0, so the event-count zero and the Goldstein zero line up.
    widest = max(country_pairs["cooperation_events"].max() or 0,
                 country_pairs["conflict_events"].max() or 0, 1) * 1.1
    figure = go.Figure([
        go.Bar(y=dyads, x=country_pairs["cooperation_events"].to_list(), orientation="h",
               name="cooperation (QuadClass 1-2)", marker_color=QUAD_CLASS_COLOURS[2],
               customdata=goldstein,
               hovertemplate="%{y}: %{x} cooperation events, mean Goldstein %{customdata}"
                             "<extra></extra>"),
        go.Bar(y=dyads, x=(-country_pairs["conflict_events"]).to_list(), orientation="h",
               name="conflict (QuadClass 3-4)", marker_color=QUAD_CLASS_COLOURS[4],
               customdata=country_pairs["conflict_events"].to_list(),
               hovertemplate="%{y}: %{customdata} conflict events<extra></extra>"),
    ])
    figure.add_trace(go.Scatter(
        y=dyads, x=goldstein, mode="markers", name="mean Goldstein (top axis)", xaxis="x2",
        marker={"symbol": "diamond", "size": 10, "color": "#222222"},
        hovertemplate="%{y}: mean Goldstein %{x}<extra></extra>",
    ))
    figure.update_layout(
        title="Country dyads: cooperation vs conflict (events either way)", barmode="relative",
        height=max(320, 60 + 34 * len(dyads)),
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"title": "events (conflict < 0 < cooperation)", "zeroline": True,
               "range": [-widest, widest]},
        xaxis2={"overlaying": "x", "side": "top", "range": [-10, 10],
                "tickvals": [-10, -5, 0, 5, 10], "title": "mean Goldstein (-10 .. 10)",
                "showgrid": False},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "yref": "container"},
        margin={"l": 10, "r": 10, "t": 130, "b": 40},
    )
    return figure


def _empty_figure(title: str, message: str) -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper",
                          yref="paper", font={"size": 15, "color": "#555555"})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    figure.update_layout(title=title, height=260, plot_bgcolor="white")
    return figure


SECTION_NOTES = {
    "top-entities": "The entities each type's articles mention most (bar length = articles).",
    "cooccurrence-network": (
        "The 40 most-mentioned entities, linked when they share a sentence; thicker lines share"
        " more sentences. View: <code>entity_cooccurrence</code>."
    ),
    "event-timeline": (
        "CAMEO-coded events per period, stacked by QuadClass: 1-2 cooperation, 3-4 conflict."
        " View: <code>event_timeline</code>."
    ),
    "country-dyads": (
        "Events between two countries, either direction. Diamonds: mean Goldstein score"
        " (-10 conflict .. +10 cooperation). View: <code>country_dyads</code>."
    ),
    "event-map": (
        "Where events happened: circle area = events, colour = mean Goldstein score"
        " (red conflict .. blue cooperation). Places are GeoNames features"
        " (<code>entities.latitude</code>, <code>longitude</code>); country outlines from"
        " Natural Earth."
    ),
}
SUMMARY_LABELS = {
    "articles": "Articles", "dated_articles": "Articles with a publication date",
    "first_published_at": "First published", "last_published_at": "Last published",
    "words": "Words", "entities": "Entities", "mentions": "Mentions", "events": "Events",
    "events_with_participants": "Events with participants",
    "country_dyad_events": "Country-dyad events", "runs": "Pipeline runs",
    "last_run_at": "Last run", "last_run_status": "Last run status",
    "rejected_inputs": "Rejected inputs",
}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1.5rem;
       color: #222; }
h1 { margin-bottom: 0.2rem; } .subtitle { color: #666; margin-top: 0; }
table.summary { border-collapse: collapse; margin: 1rem 0 2rem; }
table.summary th { text-align: left; font-weight: normal; color: #555; padding: 0.2rem 1.5rem 0.2rem 0; }
table.summary td { font-weight: 600; padding: 0.2rem 0; }
section { margin-bottom: 2.5rem; } section p { color: #555; }
"""


def render_html(summary: pl.DataFrame, figures: dict[str, go.Figure], title_source: str) -> str:
    summary_row = summary.row(0, named=True) if not summary.is_empty() else {}
    summary_rows = "\n".join(
        f"<tr><th>{html.escape(label)}</th><td>{html.escape(_format_value(summary_row.get(key)))}"
        "</td></tr>"
        for key, label in SUMMARY_LABELS.items()
    )
    sections = []
    for index, (chart_id, figure) in enumerate(figures.items()):
        chart = figure.to_html(
            full_html=False, include_plotlyjs=index == 0, div_id=chart_id,
            config={"displaylogo": False, "responsive": True},
        )
        sections.append(f'<section class="chart-section">\n<p>{SECTION_NOTES[chart_id]}</p>\n'
                        f"{chart}\n</section>")
    generated_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>newsflow report</title>
<style>{STYLE}</style>
{geo_assets_script()}
</head>
<body>
<h1>newsflow report</h1>
<p class="subtitle">{html.escape(title_source)} &middot; generated {generated_at}</p>
<h2>Corpus</h2>
<table class="summary">
{summary_rows}
</table>
{chr(10).join(sections)}
</body>
</html>
"""


def event_map_figure(events_by_place: pl.DataFrame) -> go.Figure:
    """Events by place on a world map: marker area = events, colour = mean Goldstein."""
    if events_by_place.is_empty():
        return _empty_figure("Where events happened", "No event has a place with coordinates yet.")
    largest = max(events_by_place["event_count"].max() or 1, 1)
    figure = go.Figure(go.Scattergeo(
        lon=events_by_place["longitude"].to_list(), lat=events_by_place["latitude"].to_list(),
        text=events_by_place["place_name"].to_list(),
        customdata=events_by_place.select("event_count", "mean_goldstein").rows(),
        hovertemplate="%{text}: %{customdata[0]} events, mean Goldstein %{customdata[1]}"
                      "<extra></extra>",
        mode="markers",
        marker={
            "size": (6 + 34 * (events_by_place["event_count"] / largest).sqrt()).to_list(),
            "color": events_by_place["mean_goldstein"].to_list(),
            "colorscale": "RdBu", "cmin": -10, "cmax": 10,
            "colorbar": {"title": {"text": "mean<br>Goldstein"}},
            "line": {"width": 0.5, "color": "#333"}, "opacity": 0.85,
        },
    ))
    # The outline comes from window.PlotlyGeoAssets (newsflow.world_outline): only the layers
    # it holds are shown, so plotly.js has nothing to fetch.
    figure.update_geos(
        projection_type="natural earth", resolution=110, showframe=False,
        showland=True, landcolor="#eeeeee", showcountries=True, countrycolor="#bbbbbb",
        showcoastlines=True, coastlinecolor="#999999", showocean=False, showlakes=False,
        showrivers=False, showsubunits=False,
    )
    figure.update_layout(title="Where events happened (events by place)", height=560,
                         margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return figure


def _format_value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
