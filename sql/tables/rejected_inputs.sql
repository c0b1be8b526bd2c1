-- Every input that could not become an article, with a reason a person understands.
create table if not exists rejected_inputs (
    run_id      varchar not null,
    source_uri  varchar not null,
    stage       varchar not null,
    reason      varchar not null,
    detected_at timestamp not null
);
