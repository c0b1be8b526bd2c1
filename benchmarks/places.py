"""What place resolution costs a run, and what it gives, on one corpus (prints figures).

In one script, on the same articles:
  (a) the real CLI, `python -m newsflow.cli run`, in a subprocess, into a fresh warehouse;
  (b) place resolution alone, in a fresh subprocess (so the GeoNames index is built from
      cold, as a run builds it): `tasks.places.resolve_mention_places` and the entity ids it
      implies, on the run's own mentions read back from the warehouse (canonical name, type,
      country), timed with the index load included.
It prints (a), (b) and b/a, and from the warehouse (a) wrote: the share of GPE entities with a
country code, and of events with a place, how many have coordinates (by location_source).

Usage (from the project root):
    .venv/bin/python -m benchmarks.places [--corpus PATH] [--limit N] [--keep WAREHOUSE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "data" / "news_corpus.jsonl"

if str(PROJECT_ROOT) not in sys.path:  # run as a script, not only with -m
    sys.path.insert(0, str(PROJECT_ROOT))

MENTIONS_SQL = """
select m.article_id, e.canonical_name, e.entity_type, e.country_code
from mentions m join entities e using (entity_id)
"""
FIGURES_SQL = {
    "gpe_entities": "select count(*) from entities where entity_type = 'GPE'",
    "gpe_with_country": "select count(*) from entities where entity_type = 'GPE' and country_code is not null",
    "gpe_with_coordinates": "select count(*) from entities where entity_type = 'GPE' and latitude is not null",
    "events": "select count(*) from events",
    "events_with_location": "select count(*) from events where location_entity_id is not null",
    "events_located_with_coordinates": """
        select count(*) from events join entities on entities.entity_id = events.location_entity_id
        where entities.latitude is not null""",
    "events_by_location_source": """
        select coalesce(location_source, 'none'), count(*) from events group by 1 order by 1""",
}


def time_resolution(warehouse: Path) -> float:
    """Seconds to resolve the run's mentions from a cold start (index build included)."""
    import duckdb
    import polars as pl

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        mentions = connection.sql(MENTIONS_SQL).pl()
    started = time.perf_counter()
    from tasks.entities import with_place_entity_ids
    from tasks.places import resolve_mention_places

    placed = resolve_mention_places(mentions)
    with_place_entity_ids(placed.drop("place_country_code"))
    seconds = time.perf_counter() - started
    print(json.dumps({"resolution_seconds": seconds, "mentions": mentions.height,
                      "resolved": int(placed["geonames_id"].is_not_null().sum()),
                      "polars": pl.__version__}))
    return seconds


def corpus_figures(warehouse: Path) -> dict[str, object]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        figures: dict[str, object] = {}
        for name, sql in FIGURES_SQL.items():
            rows = connection.sql(sql).fetchall()
            figures[name] = rows[0][0] if len(rows[0]) == 1 and len(rows) == 1 else dict(rows)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the warehouse here (kept) instead of a temporary folder")
    parser.add_argument("--resolve-only", type=Path, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.resolve_only:                      # the cold subprocess of (b)
        time_resolution(arguments.resolve_only)
        return
    with tempfile.TemporaryDirectory(prefix="newsflow-places-") as folder:
        corpus = Path(folder) / "corpus.jsonl"
        lines = arguments.corpus.read_text(encoding="utf-8").splitlines()
        corpus.write_text("\n".join(lines[:arguments.limit]) + "\n", encoding="utf-8")
        warehouse = arguments.keep or Path(folder) / "newsflow.duckdb"
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "newsflow.cli", "run", str(corpus),
                        "--warehouse", str(warehouse)], check=True, cwd=PROJECT_ROOT,
                       stdout=subprocess.DEVNULL)
        run_seconds = time.perf_counter() - started
        cold = subprocess.run([sys.executable, "-m", "benchmarks.places", "--resolve-only",
                               str(warehouse)], check=True, cwd=PROJECT_ROOT,
                              capture_output=True, text=True)
        resolution = json.loads(cold.stdout.strip().splitlines()[-1])
        figures = corpus_figures(warehouse)
    articles = len(lines[:arguments.limit])
    print(f"articles                 {articles:,}")
    print(f"(a) newsflow run         {run_seconds:8.1f} s")
    print(f"(b) place resolution     {resolution['resolution_seconds']:8.1f} s"
          f"  ({resolution['mentions']:,} mentions, {resolution['resolved']:,} resolved;"
          " GeoNames index built from cold)")
    print(f"b/a                      {resolution['resolution_seconds'] / run_seconds:8.3f}")
    for name, value in figures.items():
        print(f"{name:<32} {value}")


if __name__ == "__main__":
    main()
