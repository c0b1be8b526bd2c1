-- The run ids of the staged `pipeline_runs` rows (one: the run being published).
select run_id from staging.pipeline_runs
