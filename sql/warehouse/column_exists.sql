-- Does the warehouse's table $table_name have the column $column_name?
select count(*) > 0
from duckdb_columns()
where
    database_name = current_database()
    and schema_name = 'main'
    and table_name = $table_name
    and column_name = $column_name
