"""The marts (`sql/marts/`): running counts the analyst views read, and an index of words,
kept up to date at publish time from the rows a run publishes, or built once from every
published row (a warehouse from before a mart existed)."""

from __future__ import annotations

import duckdb

from tasks.warehouse_files import read_sql, sql_files
from tasks.warehouse_sql import count_of, table_exists, transaction, views_over

# The marts (sql/marts/) are kept up to date by these, from the rows a run publishes: counted
# (and their words indexed) a slice of articles at a time, then ranked a slice of entities at a
# time. Pairs grow with the square of an article's entities: counted and ranked for a whole
# 101,790-article run at once, they took 2.6 GB of memory.
MART_COUNTS = ("publish/count_entity_mentions.sql", "publish/count_entity_pairs.sql",
               "publish/index_article_words.sql")
MART_PAIRS_MERGE = "publish/merge_entity_pairs.sql"  # the slices' pair counts, merged once
MART_RANKING = ("publish/rank_co_mentions.sql",)
ARTICLES_PER_COUNT = 5000
ENTITIES_PER_RANKING = 50_000

def create_marts(connection: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """Create the marts of `sql/marts/`. Publishing keeps them up to date; a warehouse written
    before one of them existed has them all (re)built once from its published rows. With
    `temporary`, they are built as temporary tables of this connection instead (a read-only
    connection to such a warehouse, e.g. for the report)."""
    marts = sql_files("marts")
    if all(table_exists(connection, file.stem) for file in marts):
        return
    with transaction(connection):
        for file in marts:
            ddl = file.read_text(encoding="utf-8")
            if temporary:
                ddl = ddl.replace("create table if not exists", "create or replace temp table", 1)
            else:
                connection.execute(f"drop table if exists main.{file.stem}")  # our own file names
            connection.execute(ddl)
        count_into_marts(connection, "main")


def count_into_marts(connection: duckdb.DuckDBPyConnection, schema: str) -> None:
    """Add the articles in `schema` and their mentions to the marts: `staging` (the run being
    published, inside its transaction) or `main` (every published article, when the marts
    are first built). The SQL reads temporary views (`counted_mentions`, `counted_articles`,
    `counted_entities`, `indexed_articles`) over that schema, so one query serves both;
    `counted_mentions` and `indexed_articles` hold one slice of the articles at a time, and
    `ranked_entities` one slice of their entities."""
    views_over(connection, "counted_", ("articles", "entities"), schema)
    views_over(connection, "all_counted_", ("mentions",), schema)
    connection.execute(read_sql("publish/start_pair_counts.sql"))
    _in_slices(connection, "publish/slice_counted_articles.sql", ARTICLES_PER_COUNT, "article_id",
               {"counted_mentions": "all_counted_mentions", "indexed_articles": "counted_articles"},
               MART_COUNTS)
    connection.execute(read_sql(MART_PAIRS_MERGE))
    _in_slices(connection, "publish/slice_ranked_entities.sql", ENTITIES_PER_RANKING, "entity_id",
               {"ranked_entities": "slices"}, MART_RANKING)


def _in_slices(connection: duckdb.DuckDBPyConnection, slicing: str, per_slice: int, key: str,
               sliced: dict[str, str], statements: tuple[str, ...]) -> None:
    """Run the SQL files `statements` once per slice: `slicing` numbers the keys into a temp
    table `slices` ($per_slice keys a slice), and each temp view of `sliced` (view: source)
    holds the rows of its source whose `key` is in the current slice. Memory then follows the
    slice, not the run."""
    connection.execute(read_sql(slicing), {"per_slice": per_slice})
    sql = [read_sql(statement) for statement in statements]  # read once, run every slice
    for number in range(count_of(connection, "select count(distinct slice_number) from slices")):
        for view, source in sliced.items():
            connection.execute(
                f"create or replace temp view {view} as select * from {source} where {key} in "
                f"(select {key} from slices where slice_number = {number})")
        for text in sql:
            connection.execute(text)
