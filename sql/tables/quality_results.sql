-- Every expectation checked in a run, passed or failed; written even when publishing is refused.
create table if not exists quality_results (
    run_id      varchar not null,
    suite       varchar not null,
    table_name  varchar not null,
    expectation varchar not null,
    column_name varchar,
    success     boolean not null,
    observed    varchar,
    checked_at  timestamp not null
);
