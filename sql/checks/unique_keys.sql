-- Every article, event and entity id is one row of its table (the tables have no key index:
-- see sql/tables/articles.sql). One row per rule: (rule, violations). Only the ids of the
-- `checked_*` rows are looked up (a run's staged rows when it publishes, every row otherwise),
-- so a publish reads the key columns, not whole tables.
select 'articles.article_id is unique' as rule, count(*) as violations
from (
    select article_id from articles
    where article_id in (select article_id from checked_articles)
    group by article_id
    having count(*) > 1
)
union all
select 'events.event_id is unique', count(*)
from (
    select event_id from events
    where event_id in (select event_id from checked_events)
    group by event_id
    having count(*) > 1
)
union all
select 'entities.entity_id is unique', count(*)
from (
    select entity_id from entities
    where entity_id in (select entity_id from checked_entities)
    group by entity_id
    having count(*) > 1
)
