-- A run resumed after a full disk stopped it keeps its run id: its new row replaces the
-- `failed` row the stopped attempt recorded. $ids: the run ids about to be written.
delete from main.pipeline_runs
where status = 'failed' and run_id in (select unnest($ids::varchar []))
