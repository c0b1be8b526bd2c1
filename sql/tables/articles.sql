-- One row per distinct article text. article_id = hash of the cleaned text, so the same
-- article under another file name is the same row.
create table if not exists articles (
    article_id   varchar primary key,
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
