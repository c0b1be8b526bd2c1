-- The warehouse's tables that still have a PRIMARY KEY their DDL (sql/tables/) no longer
-- declares ($tables: the names of those DDL files): written before 2026-12-01.
select distinct table_name
from duckdb_constraints()
where
    database_name = current_database()
    and schema_name = 'main'
    and constraint_type = 'PRIMARY KEY'
    and table_name in (select unnest($tables::varchar []))
order by table_name
