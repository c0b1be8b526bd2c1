-- Copies 0 .. `copies` - 1 (a variable) of the published rows of the attached warehouse `base`,
-- inserted at once into the warehouse's (empty) tables, as if one run a copy had extracted them
-- from new articles: every article, event and id is new (a hash of the base's id and the copy
-- number), every copy is dated a week after the previous one, and every entity the base
-- mentions in a single article (the long tail: most entities) becomes a new entity of its own
-- in each copy, so the vocabulary and the entity pairs grow with the corpus (faster than in
-- real news, where the long tail grows more slowly than the corpus). Every other column is the
-- base's, so the rows have the shape a run writes. Rows go in copy by copy, as runs publish.
create or replace temp table copies as
select range as copy_number
from range(getvariable('copies'));

create or replace temp table long_tail as
select entity_id
from base.mentions
group by entity_id
having count(distinct article_id) = 1;

create or replace temp table copied_entities as
select
    copies.copy_number,
    entities.entity_id as base_id,
    long_tail.entity_id is not null as is_long_tail,
    case
        when long_tail.entity_id is not null
            then substr(sha256(entities.entity_id || '/' || copies.copy_number), 1, 16)
        else entities.entity_id
    end as entity_id,
    case
        when long_tail.entity_id is not null
            then entities.canonical_name || ' (' || copies.copy_number || ')'
        else entities.canonical_name
    end as canonical_name
from base.entities
cross join copies
left join long_tail on entities.entity_id = long_tail.entity_id;

create or replace temp table copied_articles as
select
    copies.copy_number,
    articles.article_id as base_id,
    substr(sha256(articles.article_id || '/' || copies.copy_number), 1, 16) as article_id
from base.articles
cross join copies;

create or replace temp table copied_events as
select
    copies.copy_number,
    events.event_id as base_id,
    substr(sha256(events.event_id || '/' || copies.copy_number), 1, 16) as event_id
from base.events
cross join copies;

insert into main.articles by name
select
    articles.* replace (
        copied.article_id as article_id,
        coalesce(articles.published_at, timestamp '2024-01-01')
        + to_days(7 * copied.copy_number::integer) as published_at,
        now()::timestamp as ingested_at,
        'copy-' || copied.copy_number as run_id
    )
from base.articles
inner join copied_articles as copied on articles.article_id = copied.base_id
order by copied.copy_number, copied.article_id;

-- an entity outside the long tail is one row, whatever the number of copies mentioning it
insert into main.entities by name
select
    entities.* replace (
        copied.entity_id as entity_id,
        copied.canonical_name as canonical_name
    )
from base.entities
inner join copied_entities as copied on entities.entity_id = copied.base_id
where copied.is_long_tail or copied.copy_number = 0
order by copied.copy_number, copied.entity_id;

insert into main.mentions by name
select
    mentions.* replace (
        article.article_id as article_id,
        entity.entity_id as entity_id
    )
from base.mentions
inner join copied_articles as article on mentions.article_id = article.base_id
inner join copied_entities as entity
    on
        mentions.entity_id = entity.base_id
        and article.copy_number = entity.copy_number
order by article.copy_number, article.article_id, mentions.start_char;

insert into main.entity_roles by name
select
    entity_roles.* replace (
        article.article_id as article_id,
        person.entity_id as person_entity_id,
        affiliation.entity_id as affiliation_entity_id
    )
from base.entity_roles
inner join copied_articles as article on entity_roles.article_id = article.base_id
inner join copied_entities as person
    on
        entity_roles.person_entity_id = person.base_id
        and article.copy_number = person.copy_number
left join copied_entities as affiliation
    on
        entity_roles.affiliation_entity_id = affiliation.base_id
        and article.copy_number = affiliation.copy_number
order by article.copy_number, article.article_id;

insert into main.events by name
select
    events.* replace (
        event.event_id as event_id,
        article.article_id as article_id,
        events.event_date + to_days(7 * event.copy_number::integer) as event_date,
        place.entity_id as location_entity_id
    )
from base.events
inner join copied_events as event on events.event_id = event.base_id
inner join copied_articles as article
    on
        events.article_id = article.base_id
        and event.copy_number = article.copy_number
left join copied_entities as place
    on
        events.location_entity_id = place.base_id
        and event.copy_number = place.copy_number
order by event.copy_number, article.article_id, events.start_char;

insert into main.event_participants by name
select
    event_participants.* replace (
        event.event_id as event_id,
        entity.entity_id as entity_id
    )
from base.event_participants
inner join copied_events as event on event_participants.event_id = event.base_id
inner join copied_entities as entity
    on
        event_participants.entity_id = entity.base_id
        and event.copy_number = entity.copy_number
order by event.copy_number, event.event_id;
