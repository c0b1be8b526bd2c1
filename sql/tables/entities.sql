-- One row per canonical entity. entity_id = hash of (entity_type, canonical_name),
-- plus geonames_id for a place an article's context resolved to another feature than its name's own.
-- No PRIMARY KEY (since 2026-12-01): DuckDB writes a table's whole key index again at every
-- checkpoint after a change (duckdb/duckdb#24848), so each publish paid for every row the
-- warehouse held. The publish keeps ids unique itself, and sql/checks/unique_keys.sql checks it.
create table if not exists entities (
    entity_id      varchar not null,  -- unique: sql/checks/unique_keys.sql
    canonical_name varchar not null,
    entity_type    varchar not null,
    country_code   varchar,
    aliases        varchar[] not null,
    first_seen_at  timestamp,
    last_seen_at   timestamp,
    -- the GeoNames feature of a place (GPE/LOC/FAC; tasks/places.py), NULL when unresolved
    geonames_id    bigint,
    feature_class  varchar,    -- country | admin1 | city | continent
    admin1_code    varchar,    -- GeoNames first-level division code (US: state, GB: ENG/SCT/WLS/NIR)
    latitude       double,
    longitude      double,
    -- which evidence gave country_code (tasks/entity_countries.py; since 2026-12-01):
    -- place (a place's or nationality's own), dictionary, affiliation, name, stated, articles;
    -- NULL when country_code is, and in rows a run wrote before the column existed
    country_source varchar
);
