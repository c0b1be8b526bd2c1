-- A feed's latest ETag/Last-Modified replaces the one an earlier run kept.
insert or replace into main.source_state by name select * from staging.source_state  -- noqa: AM04
