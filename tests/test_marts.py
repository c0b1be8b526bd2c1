"""The marts (sql/marts/) are kept up to date run by run from each run's new articles only; after
several runs, duplicates and windows they hold exactly what counting every published mention
gives, and a warehouse written before the marts existed gets them built once, whatever the
size of the slices they are counted and ranked in."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tasks import marts
from tasks.load import apply_schema
from tests.conftest import ingest, run_newsflow

# Dated records (month counts), shared entities across runs (sums), and one article a later
# run sees again (a duplicate must not be counted twice).
FIRST_RUN = [
    {"title": "Japan and China agree on rare earths", "published_at": "2024-03-04",
     "text": "Japan and China agreed on Monday to expand trade in rare earths. Officials in "
             "Tokyo said China would ship more to Japan."},
    {"title": "US and Japan meet on chips", "published_at": "2024-03-20",
     "text": "The United States and Japan will meet in Washington next week. China said the "
             "talks on export controls were aimed at it."},
]
SECOND_RUN = [
    FIRST_RUN[0],
    {"title": "China criticises US controls", "published_at": "2024-04-02",
     "text": "China criticised the U.S. export controls on Friday. It said Japan should not "
             "follow the United States."},
    {"title": "EU opens talks with Japan",
     "text": "The European Union opened trade talks with Japan in Brussels on Tuesday. Japan "
             "and the European Union last met in Tokyo."},
]
MARTS = {
    "entity_mention_counts": ["entity_id"],
    "entity_monthly_mentions": ["entity_id", "month"],
    "entity_pair_counts": ["entity_a_id", "entity_b_id"],
    "entity_top_co_mentions": ["entity_id"],
    "article_words": ["word", "article_id"],
}
# The index of words is compared by word, not by number: numbers depend on publish order.
MART_QUERIES = {"article_words": "select words.word, article_words.article_id from article_words"
                                 " inner join words on words.word_id = article_words.word_id"}


def write_records(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def mart_rows(db: duckdb.DuckDBPyConnection, mart: str) -> pl.DataFrame:
    return db.sql(MART_QUERIES.get(mart, f"select * from {mart}")).pl().sort(MARTS[mart])


def counted_from_scratch(db: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """What the marts must hold, counted in polars from every published mention (and word)."""
    mentions = db.sql("select article_id, entity_id, sentence_index from mentions").pl()
    articles = db.sql("select article_id, published_at from articles").pl()
    dated = mentions.join(articles, on="article_id")
    totals = dated.group_by("entity_id").agg(
        mention_count=pl.len(), article_count=pl.col("article_id").n_unique(),
        first_published_at=pl.col("published_at").min(),
        last_published_at=pl.col("published_at").max(),
    )
    monthly = (dated.drop_nulls("published_at")
               .with_columns(month=pl.col("published_at").dt.truncate("1mo").dt.date())
               .group_by("entity_id", "month")
               .agg(mention_count=pl.len(), article_count=pl.col("article_id").n_unique()))

    entities = db.sql("select entity_id, canonical_name, entity_type from entities").pl()
    named = mentions.join(entities, on="entity_id")

    def pairs(keys: list[str]) -> pl.DataFrame:
        """Pairs present together under `keys`, entity a first in (name, id) order."""
        present = named.select(*keys, "entity_id", "canonical_name", "entity_type").unique()
        joined = present.join(present, on=keys, suffix="_b")
        a_first = (pl.col("canonical_name") < pl.col("canonical_name_b")) | (
            (pl.col("canonical_name") == pl.col("canonical_name_b"))
            & (pl.col("entity_id") < pl.col("entity_id_b")))
        return joined.filter(a_first).rename({
            "entity_id": "entity_a_id", "canonical_name": "entity_a_name",
            "entity_type": "entity_a_type", "entity_id_b": "entity_b_id",
            "canonical_name_b": "entity_b_name", "entity_type_b": "entity_b_type"})

    pair_keys = ["entity_a_id", "entity_a_name", "entity_a_type",
                 "entity_b_id", "entity_b_name", "entity_b_type"]
    in_articles = pairs(["article_id"]).group_by(pair_keys).agg(
        article_count=pl.len(), first_article_id=pl.col("article_id").min())
    in_sentences = pairs(["article_id", "sentence_index"]).group_by(pair_keys).agg(
        sentence_count=pl.len(), first_shared_sentence_article_id=pl.col("article_id").min())
    pair_counts = in_articles.join(in_sentences, on=pair_keys, how="left")
    pair_counts = pair_counts.with_columns(pl.col("sentence_count").fill_null(0))
    either_side = pl.concat([
        pair_counts.select(entity_id="entity_a_id", other_name="entity_b_name",
                           other_id="entity_b_id", shared="article_count"),
        pair_counts.select(entity_id="entity_b_id", other_name="entity_a_name",
                           other_id="entity_a_id", shared="article_count"),
    ])
    top = (either_side.sort(["entity_id", "shared", "other_name", "other_id"],
                            descending=[False, True, False, False])
           .group_by("entity_id", maintain_order=True)
           .agg(top_co_mentions=pl.col("other_name").head(5)))
    # the index of words: runs of letters and digits, lower-cased, once per article
    words = (db.sql("select article_id, text from articles").pl()
             .select("article_id", word=pl.col("text").str.to_lowercase()
                     .str.extract_all(r"[\p{L}\p{N}]+"))
             .explode("word").drop_nulls("word").unique())
    return {"entity_mention_counts": totals, "entity_monthly_mentions": monthly,
            "entity_pair_counts": pair_counts, "entity_top_co_mentions": top,
            "article_words": words}


def assert_marts_match(db: duckdb.DuckDBPyConnection) -> None:
    expected = counted_from_scratch(db)
    for mart, keys in MARTS.items():
        rows = mart_rows(db, mart)
        assert rows.height > 0, mart
        want = expected[mart].select(rows.columns).sort(keys).cast(dict(rows.schema))
        assert rows.equals(want), f"{mart} differs from counting every mention"
    numbered = db.sql("select count(*), count(distinct word_id), count(distinct word), "
                      "count(*) filter (where word_id not in (select word_id from article_words))"
                      " from words").fetchall()
    count = numbered[0][0]
    assert numbered == [(count, count, count, 0)], "a word numbered twice, or never used"


def test_marts_add_up_run_by_run_and_skip_duplicates(tmp_path: Path) -> None:
    warehouse = tmp_path / "w" / "newsflow.duckdb"
    ingest([write_records(tmp_path / "first.jsonl", FIRST_RUN)], warehouse)
    # The second run works in one-article windows: each window's mentions are counted once.
    result = run_newsflow(
        "run", str(write_records(tmp_path / "second.jsonl", SECOND_RUN)),
        "--warehouse", str(warehouse),
        env={"NEWSFLOW_ARTICLES_PER_TASK": "1", "NEWSFLOW_ARTICLES_PER_WINDOW": "1"})
    assert result.returncode == 0, result.stdout + result.stderr

    with duckdb.connect(str(warehouse), read_only=True) as db:
        assert db.sql("select sum(articles_duplicate) from pipeline_runs").fetchall() == [(1,)]
        assert_marts_match(db)
        japan = db.execute("""
            select counts.article_count from entity_mention_counts as counts
            join entities using (entity_id) where canonical_name = 'Japan'""").fetchall()
        assert japan == [(4,)]  # in all four distinct articles, once each


@pytest.mark.parametrize("articles_per_count, entities_per_ranking", [
    (marts.ARTICLES_PER_COUNT, marts.ENTITIES_PER_RANKING),
    (1, 2),  # every article and every pair of entities a slice of its own
])
def test_a_warehouse_without_marts_gets_them_built_from_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, articles_per_count: int,
    entities_per_ranking: int,
) -> None:
    monkeypatch.setattr(marts, "ARTICLES_PER_COUNT", articles_per_count)
    monkeypatch.setattr(marts, "ENTITIES_PER_RANKING", entities_per_ranking)
    warehouse = tmp_path / "w" / "newsflow.duckdb"
    ingest([write_records(tmp_path / "all.jsonl", FIRST_RUN + SECOND_RUN[1:])], warehouse)
    with duckdb.connect(str(warehouse)) as db:
        published = {mart: mart_rows(db, mart) for mart in MARTS}
        for mart in [*MARTS, "words"]:  # as a warehouse from before the marts
            db.execute(f"drop table {mart}")
        db.execute("drop view entity_profile; drop view entity_cooccurrence")
        apply_schema(db)
        for mart in MARTS:
            assert mart_rows(db, mart).equals(published[mart]), mart
        assert_marts_match(db)
        assert db.sql("select count(*) from entity_cooccurrence").fetchall()[0][0] > 0
