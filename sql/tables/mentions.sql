-- One row per entity mention; surface = text[start_char:end_char] of its article.
create table if not exists mentions (
    article_id     varchar not null,
    entity_id      varchar not null,
    surface        varchar not null,
    start_char     integer not null,
    end_char       integer not null,
    sentence_index integer not null,
    label          varchar not null
);
