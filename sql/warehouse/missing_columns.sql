-- Columns of the DDL (created into the scratch schema `ddl_scratch`) that the warehouse's own
-- tables lack: a warehouse written before a column joined sql/tables/ gains them.
select
    wanted.table_name,
    wanted.column_name,
    wanted.data_type
from duckdb_columns() as wanted
left join duckdb_columns() as present
    on
        wanted.database_name = present.database_name
        and present.schema_name = 'main'
        and wanted.table_name = present.table_name
        and wanted.column_name = present.column_name
where
    wanted.database_name = current_database()
    and wanted.schema_name = 'ddl_scratch'
    and present.column_name is null
order by wanted.table_name, wanted.column_index
