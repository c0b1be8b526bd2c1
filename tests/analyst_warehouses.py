"""Warehouses and helpers shared by the analyst tests (views, example queries, report).

Imported by test_views.py, test_examples.py and test_report.py. The corpus warehouse is built
once per session (cached under pytest's base temp folder), however many modules import it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tasks.load import apply_schema, count_into_marts
from tests.conftest import PROJECT, SHARED, ingest

SQL = PROJECT / "sql"
VIEW_FILES = sorted(path for path in (SQL / "views").glob("*.sql") if path.stem != "gdelt_events")
EXAMPLE_FILES = sorted((SQL / "examples").glob("*.sql"))
REPORT_FILES = sorted((SQL / "report").glob("*.sql"))
CORPUS = SHARED / "data" / "news_corpus.jsonl"
# Enough politics and business news for meetings, titles and countries, small enough to stay quick.
CORPUS_SAMPLE_PER_CATEGORY = {"politics": 40, "business": 40}

_COLUMN_LINE = re.compile(r"^--   (\S.*?)(?:\s{2,}.*)?$")


def documented_columns(sql_text: str) -> list[str]:
    """The column names listed under `-- Columns:` in a file's header comment.

    Each line `--   name[, name...]   description` names columns; deeper-indented lines continue
    the description.
    """
    lines = sql_text.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("-- Columns:"))
    inline = lines[start].removeprefix("-- Columns:").strip()
    names: list[str] = [name.strip() for name in inline.split(",") if name.strip()]
    for line in lines[start + 1:]:
        if not line.startswith("--"):
            break
        if inline:  # a wrapped one-line list: `-- a, b,` / `-- c, d`
            names += [name.strip() for name in line.removeprefix("--").split(",") if name.strip()]
            continue
        match = _COLUMN_LINE.match(line)
        if match is None:
            if line.startswith("--    "):
                continue
            break
        names += [name.strip() for name in match.group(1).split(",")]
    return names


def write_corpus_sample(target: Path) -> Path:
    """Politics and business articles of the shared corpus as a .jsonl with id/title/text."""
    taken = dict.fromkeys(CORPUS_SAMPLE_PER_CATEGORY, 0)
    with CORPUS.open(encoding="utf-8") as corpus, target.open("w", encoding="utf-8") as sample:
        for line in corpus:
            record = json.loads(line)
            category = record["category"]
            if taken.get(category, 10**9) < CORPUS_SAMPLE_PER_CATEGORY.get(category, 0):
                taken[category] += 1
                sample.write(json.dumps({"id": record["article_id"], "title": record["title"],
                                         "text": record["text"]}) + "\n")
    return target


@pytest.fixture(scope="session")
def corpus_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built by `newsflow run` on a politics+business sample of the shared corpus."""
    if not CORPUS.exists():
        pytest.skip("needs ../shared/data/news_corpus.jsonl (absent in a fresh clone)")
    folder = tmp_path_factory.getbasetemp() / "corpus_sample"
    warehouse = folder / "newsflow.duckdb"
    if not warehouse.exists():
        folder.mkdir(exist_ok=True)
        ingest([write_corpus_sample(folder / "news_sample.jsonl")], warehouse)
    return warehouse


def open_read_only(warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


def empty_warehouse_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with every table and view and no rows."""
    connection = duckdb.connect()
    apply_schema(connection)
    return connection


def hand_made_warehouse_connection() -> duckdb.DuckDBPyConnection:
    """A small warehouse written by hand, so the views' results can be asserted exactly.

    Article a1 (dated 2023-05-25, from Reuters): Raimondo (US Secretary of Commerce) met Wang
    Wentao (China's Minister of Commerce); Japan and the United States agreed to cooperate; Japan
    did not meet China (negated). Article a2 (undated, line 3 of a JSONL file): Raimondo again.
    """
    connection = empty_warehouse_connection()
    connection.execute("""
        insert into articles values
            ('a1', 'file:///news/reuters.jsonl#L1', 'Reuters', 'Trade talks',
             timestamp '2023-05-25 09:00', 'en', 'x', 100, now(), 'r1', null),
            ('a2', 'file:///news/feed.jsonl#L3', null, 'More talks', null, 'en', 'y', 50,
             now(), 'r1', null);
        insert into entities (entity_id, canonical_name, entity_type, country_code, aliases,
                              first_seen_at, last_seen_at) values
            ('e_us', 'United States', 'GPE', 'US', ['US', 'United States'], null, null),
            ('e_cn', 'China', 'GPE', 'CN', ['China'], null, null),
            ('e_jp', 'Japan', 'GPE', 'JP', ['Japan'], null, null),
            ('e_gr', 'Gina Raimondo', 'PERSON', null, ['Gina Raimondo', 'Raimondo'], null, null),
            ('e_ww', 'Wang Wentao', 'PERSON', null, ['Wang Wentao'], null, null),
            ('e_ibm', 'IBM', 'ORG', 'US', ['IBM'], null, null);
        insert into mentions values
            ('a1', 'e_gr', 'Raimondo', 0, 8, 0, 'PERSON'),
            ('a1', 'e_ww', 'Wang Wentao', 20, 31, 0, 'PERSON'),
            ('a1', 'e_cn', 'China', 12, 17, 0, 'GPE'),
            ('a1', 'e_us', 'US', 40, 42, 1, 'GPE'),
            ('a1', 'e_jp', 'Japan', 50, 55, 1, 'GPE'),
            ('a1', 'e_jp', 'Japan', 70, 75, 2, 'GPE'),
            ('a1', 'e_cn', 'China', 80, 85, 2, 'GPE'),
            ('a2', 'e_gr', 'Gina Raimondo', 0, 13, 0, 'PERSON'),
            ('a2', 'e_ibm', 'IBM', 30, 33, 1, 'ORG');
        insert into entity_roles values
            ('a1', 'e_gr', 'Secretary of Commerce', 'e_us'),
            ('a1', 'e_ww', 'Minister of Commerce', 'e_cn'),
            ('a2', 'e_gr', 'Secretary of Commerce', null);
        insert into events (event_id, article_id, event_type, cameo_code, cameo_root, quad_class, goldstein,
                            trigger, sentence_index, sentence, start_char, end_char, event_date,
                            date_text, location_entity_id, modality, confidence) values
            ('ev_meet', 'a1', 'Consult', '040', '04', 1, 1.0, 'met', 0, 'Raimondo met Wang.',
             9, 12, date '2023-05-25', 'on Thursday', null, 'asserted', 0.9),
            ('ev_agree', 'a1', 'Express intent to cooperate', '030', '03', 1, 4.0, 'agreed', 1,
             'The US and Japan agreed.', 43, 49, null, null, null, 'asserted', 0.8),
            ('ev_snub', 'a1', 'Consult', '040', '04', 1, 1.0, 'meet', 2,
             'Japan did not meet China.', 60, 64, null, null, null, 'negated', 0.7),
            ('ev_sue', 'a2', 'Bring lawsuit against', '115', '11', 3, -2.0, 'sued', 1,
             'Raimondo sued IBM.', 14, 18, null, null, null, 'asserted', 0.6);
        insert into event_participants (event_id, entity_id, role) values
            ('ev_meet', 'e_gr', 'source'), ('ev_meet', 'e_ww', 'target'),
            ('ev_agree', 'e_us', 'source'), ('ev_agree', 'e_jp', 'source'),
            ('ev_snub', 'e_jp', 'source'), ('ev_snub', 'e_cn', 'target'),
            ('ev_sue', 'e_gr', 'source'), ('ev_sue', 'e_ibm', 'target');
    """)
    count_into_marts(connection, "main")  # as publishing these articles would have
    return connection
