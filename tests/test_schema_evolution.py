"""A warehouse written before a column joined `sql/tables/` gains it when opened for a run."""

import duckdb

from tasks.load import apply_schema


def test_a_column_added_to_the_contract_is_added_to_an_old_warehouse(tmp_path):
    path = tmp_path / "old.duckdb"
    connection = duckdb.connect(str(path))
    apply_schema(connection)
    connection.execute("insert into event_participants (event_id, entity_id, role) values ('e1', 'x1', 'source')")
    connection.execute("alter table event_participants drop column role")
    assert "role" not in {row[0] for row in connection.execute(
        "select column_name from duckdb_columns() where table_name = 'event_participants'"
    ).fetchall()}
    apply_schema(connection)
    rows = connection.execute("select event_id, entity_id, role from event_participants").fetchall()
    assert rows == [("e1", "x1", None)]
    schemas = {row[0] for row in connection.execute("select schema_name from duckdb_schemas()").fetchall()}
    assert "ddl_scratch" not in schemas
    connection.close()


def test_a_warehouse_from_before_actor_coding_gains_the_actor_columns(tmp_path):
    connection = duckdb.connect(str(tmp_path / "before-actors.duckdb"))
    connection.execute("create table event_participants (event_id varchar not null, entity_id varchar not null, "
                       "role varchar not null)")
    connection.execute("insert into event_participants values ('e1', 'x1', 'source')")
    apply_schema(connection)
    rows = connection.execute("select event_id, actor_code, actor_country_code, actor_role_code "
                              "from event_participants").fetchall()
    assert rows == [("e1", None, None, None)]
    connection.close()


def test_a_warehouse_from_before_2026_12_01_loses_the_growing_tables_primary_keys(tmp_path):
    # A key's ART index is written again in full at every checkpoint (tasks/key_indexes.py).
    connection = duckdb.connect(str(tmp_path / "keyed.duckdb"))
    connection.execute("create table articles (article_id varchar primary key, text varchar)")
    connection.execute("insert into articles values ('a1', 'One.'), ('a2', 'Two.')")
    connection.execute("create view article_texts as select text from articles")
    apply_schema(connection)
    keys = connection.execute("select table_name from duckdb_constraints() "
                              "where constraint_type = 'PRIMARY KEY' order by all").fetchall()
    assert ("articles",) not in keys and ("pipeline_runs",) in keys  # small tables keep theirs
    assert connection.execute("select article_id, text from articles order by all").fetchall() == [
        ("a1", "One."), ("a2", "Two.")]
    assert connection.execute("select count(*) from article_texts").fetchall() == [(2,)]
    apply_schema(connection)  # nothing left to rebuild
    assert connection.execute("select count(*) from articles").fetchall() == [(2,)]
    connection.close()
