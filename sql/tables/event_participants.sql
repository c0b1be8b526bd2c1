-- Who took part in an event, and how: 'source' acts, 'target' is acted on, 'other' is present.
-- actor_code is the participant's CAMEO actor code (country + role, e.g. GBRGOV, USAJUD, IGOUNO),
-- actor_country_code its country (ISO 3166-1 alpha-2; NULL for international bodies) and
-- actor_role_code its role or sector (GOV, JUD, MIL, BUS, ...), as coded for this event.
create table if not exists event_participants (
    event_id           varchar not null,
    entity_id          varchar not null,
    role               varchar not null,
    actor_code         varchar,
    actor_country_code varchar,
    actor_role_code    varchar
);
