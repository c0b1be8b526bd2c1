-- One row per run. inputs_seen = articles_new + articles_duplicate + inputs_rejected.
-- inputs_skipped counts files whose content hash the warehouse already knew (not in inputs_seen).
create table if not exists pipeline_runs (
    run_id             varchar primary key,
    flow_run_id        varchar,
    started_at         timestamp not null,
    finished_at        timestamp,
    status             varchar not null,
    inputs_seen        integer,
    articles_new       integer,
    articles_duplicate integer,
    inputs_rejected    integer,
    mentions_loaded    integer,
    events_loaded      integer,
    inputs_skipped     integer,
    message            varchar
);
