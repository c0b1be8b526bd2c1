-- Every foreign key resolves. One row per rule: (rule, violations).
select 'mentions.article_id -> articles' as rule, count(*) as violations
from mentions m anti join articles a using (article_id)
union all
select 'mentions.entity_id -> entities', count(*)
from mentions m anti join entities e using (entity_id)
union all
select 'entity_roles.person_entity_id -> entities', count(*)
from entity_roles r anti join entities e on r.person_entity_id = e.entity_id
union all
select 'entity_roles.affiliation_entity_id -> entities', count(*)
from entity_roles r anti join entities e on r.affiliation_entity_id = e.entity_id
where r.affiliation_entity_id is not null
union all
select 'events.article_id -> articles', count(*)
from events v anti join articles a using (article_id)
union all
select 'events.location_entity_id -> entities', count(*)
from events v anti join entities e on v.location_entity_id = e.entity_id
where v.location_entity_id is not null
union all
select 'event_participants.event_id -> events', count(*)
from event_participants p anti join events v using (event_id)
union all
select 'event_participants.entity_id -> entities', count(*)
from event_participants p anti join entities e using (entity_id)
