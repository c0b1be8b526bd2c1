-- Stage copy number `copy` (a variable, as is `run_id`) of the published rows of the attached
-- warehouse `base`, as if a run had extracted them from new articles: every article, event and
-- id is new, every copy is dated a week after the previous one, and every entity the base
-- mentions in a single article (the long tail: most entities) becomes a new entity of its own
-- in each copy, so the vocabulary and the entity pairs grow with the corpus (faster than in
-- real news, where the long tail grows more slowly than the corpus). The staging tables exist
-- and are empty.
create or replace temp table copied_entities as
select
    entities.entity_id as base_id,
    case when long_tail then substr(sha256(entities.entity_id || '/' || getvariable('copy')), 1, 16)
        else entities.entity_id end as entity_id,
    case when long_tail then entities.canonical_name || ' (' || getvariable('copy') || ')'
        else entities.canonical_name end as canonical_name
from base.entities
left join (
    select entity_id, count(distinct article_id) = 1 as long_tail
    from base.mentions
    group by entity_id
) as spread on spread.entity_id = entities.entity_id;

create or replace temp table copied_articles as
select article_id as base_id, substr(sha256(article_id || '/' || getvariable('copy')), 1, 16) as article_id
from base.articles;

create or replace temp table copied_events as
select event_id as base_id, substr(sha256(event_id || '/' || getvariable('copy')), 1, 16) as event_id
from base.events;

insert into staging.articles by name
select
    copied_articles.article_id, source_uri, source_name, title,
    coalesce(published_at, timestamp '2024-01-01') + to_days(7 * getvariable('copy')) as published_at,
    language, text, word_count, now() as ingested_at, getvariable('run_id') as run_id
from base.articles
inner join copied_articles on copied_articles.base_id = articles.article_id;

insert into staging.entities by name
select
    copied_entities.entity_id, copied_entities.canonical_name, entity_type, country_code,
    aliases, first_seen_at, last_seen_at
from base.entities
inner join copied_entities on copied_entities.base_id = entities.entity_id;

insert into staging.mentions by name
select
    copied_articles.article_id, copied_entities.entity_id, surface, start_char, end_char,
    sentence_index, label
from base.mentions
inner join copied_articles on copied_articles.base_id = mentions.article_id
inner join copied_entities on copied_entities.base_id = mentions.entity_id;

insert into staging.entity_roles by name
select
    copied_articles.article_id, person.entity_id as person_entity_id, title,
    affiliation.entity_id as affiliation_entity_id
from base.entity_roles
inner join copied_articles on copied_articles.base_id = entity_roles.article_id
inner join copied_entities as person on person.base_id = entity_roles.person_entity_id
left join copied_entities as affiliation
    on affiliation.base_id = entity_roles.affiliation_entity_id;

insert into staging.events by name
select
    copied_events.event_id, copied_articles.article_id, event_type, cameo_code, cameo_root,
    quad_class, goldstein, trigger, sentence_index, sentence, start_char, end_char,
    event_date + to_days(7 * getvariable('copy')) as event_date, date_text,
    place.entity_id as location_entity_id, modality, confidence
from base.events
inner join copied_events on copied_events.base_id = events.event_id
inner join copied_articles on copied_articles.base_id = events.article_id
left join copied_entities as place on place.base_id = events.location_entity_id;

insert into staging.event_participants by name
select copied_events.event_id, copied_entities.entity_id, role, actor_code, actor_country_code, actor_role_code
from base.event_participants
inner join copied_events on copied_events.base_id = event_participants.event_id
inner join copied_entities on copied_entities.base_id = event_participants.entity_id;
