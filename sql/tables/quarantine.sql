-- Rows a run set aside because they failed a row-level quality rule (tasks/data/expectations.json,
-- severity 'quarantine'); the rest of the run published. row_json holds the whole row as
-- validated (with derived columns such as text_slice), so nothing is lost.
create table if not exists quarantine (
    run_id         varchar not null,
    table_name     varchar not null,
    row_key        varchar,
    reason         varchar not null,
    row_json       varchar not null,
    quarantined_at timestamp not null
);
