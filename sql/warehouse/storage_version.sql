-- The DuckDB storage format of an attached database ($database; NULL: the connection's own).
select tags['storage_version']
from duckdb_databases()
where database_name = coalesce($database, current_database())
