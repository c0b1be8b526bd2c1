-- Another run may have read the same file meanwhile (it was not known when this run started):
-- the first run to publish keeps it.
insert or ignore into main.input_files by name select * from staging.input_files  -- noqa: AM04
