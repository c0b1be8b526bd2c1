-- Who took part in an event, and how: 'source' acts, 'target' is acted on, 'other' is present.
-- actor_code: the participant's CAMEO actor code (country + role: GBRGOV, USAJUD, IGOUNO, GBR),
-- actor_country_code its ISO 3166 alpha-2 country (NULL for IGOs and the uncoded),
-- actor_role_code its CAMEO role (GOV, JUD, MIL, BUS, IGO, ...; NULL for a bare country).
-- actor_country_source: where the country came from (the pass of tasks.actors that gave it:
-- dictionary, stated_role, agent_words, own_country, article_country, article_locality).
-- Coded by tasks.actors.code_actors; NULL when no source gives a code.
create table if not exists event_participants (
    event_id           varchar not null,
    entity_id          varchar not null,
    role               varchar not null,
    actor_code         varchar,
    actor_country_code varchar,
    actor_role_code    varchar,
    actor_country_source varchar
);
