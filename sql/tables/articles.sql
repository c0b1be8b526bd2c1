-- One row per distinct article text. article_id = hash of the cleaned text, so the same
-- article under another file name is the same row.
-- No PRIMARY KEY (since 2026-12-01): DuckDB writes a table's whole key index again at every
-- checkpoint after a change (duckdb/duckdb#24848), so each publish paid for every row the
-- warehouse held. The publish keeps ids unique itself, and sql/checks/unique_keys.sql checks it.
create table if not exists articles (
    article_id   varchar not null,  -- unique: sql/checks/unique_keys.sql
    source_uri   varchar not null,
    source_name  varchar,
    title        varchar,
    published_at timestamp,
    language     varchar,
    text         varchar not null,
    word_count   integer not null,
    ingested_at  timestamp not null,
    run_id       varchar not null,
    -- The article's canonical web address (tracking parameters and fragment dropped), when it
    -- has one: a fetched page, a WARC response, a JSON record with a url. NULL for plain files.
    url          varchar
);
