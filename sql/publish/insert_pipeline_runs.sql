-- The run's record (its row replaces a `failed` row a stopped attempt of the same run left:
-- drop_failed_attempts.sql runs first).
insert into main.pipeline_runs by name select * from staging.pipeline_runs  -- noqa: AM04
