-- Does the schema $schema_name of the warehouse hold a table $table_name?
select count(*) > 0
from duckdb_tables()
where
    database_name = current_database()
    and schema_name = $schema_name
    and table_name = $table_name
