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
