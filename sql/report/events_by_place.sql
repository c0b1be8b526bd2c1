-- Events by the place they happened (events.location_entity_id, a place with coordinates),
-- for the map: how many, and their mean Goldstein score. Negated events are left out.
-- Columns: place_name, feature_class, country_code, latitude, longitude, event_count,
-- mean_goldstein
select
    places.canonical_name as place_name,
    places.feature_class,
    places.country_code,
    places.latitude,
    places.longitude,
    count(*) as event_count,
    round(avg(events.goldstein), 2) as mean_goldstein
from events
inner join entities as places on places.entity_id = events.location_entity_id
where places.latitude is not null and events.modality <> 'negated'
group by all
order by event_count desc, place_name
