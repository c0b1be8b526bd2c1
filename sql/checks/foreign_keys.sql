-- Every foreign key resolves. One row per rule: (rule, violations). The `checked_*` views are
-- the rows under check: a run's staged rows when it publishes, every row otherwise
-- (tasks/load.py, run_checks); the keys they point to are looked up in the published tables.
select 'mentions.article_id -> articles' as rule, count(*) as violations
from checked_mentions m anti join articles a using (article_id)
union all
select 'mentions.entity_id -> entities', count(*)
from checked_mentions m anti join entities e using (entity_id)
union all
select 'entity_roles.person_entity_id -> entities', count(*)
from checked_entity_roles r anti join entities e on r.person_entity_id = e.entity_id
union all
select 'entity_roles.affiliation_entity_id -> entities', count(*)
from checked_entity_roles r anti join entities e on r.affiliation_entity_id = e.entity_id
where r.affiliation_entity_id is not null
union all
select 'events.article_id -> articles', count(*)
from checked_events v anti join articles a using (article_id)
union all
select 'events.location_entity_id -> entities', count(*)
from checked_events v anti join entities e on v.location_entity_id = e.entity_id
where v.location_entity_id is not null
union all
select 'event_participants.event_id -> events', count(*)
from checked_event_participants p anti join events v using (event_id)
union all
select 'event_participants.entity_id -> entities', count(*)
from checked_event_participants p anti join entities e using (entity_id)
