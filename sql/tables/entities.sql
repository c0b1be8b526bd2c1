-- One row per canonical entity. entity_id = hash of (entity_type, canonical_name).
create table if not exists entities (
    entity_id      varchar primary key,
    canonical_name varchar not null,
    entity_type    varchar not null,
    country_code   varchar,
    aliases        varchar[] not null,
    first_seen_at  timestamp,
    last_seen_at   timestamp
);
