-- One row per event stated in an article, CAMEO-coded, traceable to its sentence.
-- No PRIMARY KEY (since 2026-12-01): DuckDB writes a table's whole key index again at every
-- checkpoint after a change (duckdb/duckdb#24848), so each publish paid for every row the
-- warehouse held. The publish keeps ids unique itself, and sql/checks/unique_keys.sql checks it.
create table if not exists events (
    event_id           varchar not null,  -- unique: sql/checks/unique_keys.sql
    article_id         varchar not null,
    event_type         varchar not null,
    cameo_code         varchar not null,
    cameo_root         varchar not null,
    quad_class         tinyint not null,
    goldstein          double not null,
    trigger            varchar not null,
    sentence_index     integer not null,
    sentence           varchar not null,
    start_char         integer not null,
    end_char           integer not null,
    event_date         date,
    date_text          varchar,
    location_entity_id varchar,
    modality           varchar not null,
    confidence         double not null,
    -- where location_entity_id came from: 'sentence' (a place the event's sentence names),
    -- 'dateline' (the article's dateline) or 'article' (the place the article names most)
    location_source    varchar
);
