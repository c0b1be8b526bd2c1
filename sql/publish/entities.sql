-- Merge this run's entities into the warehouse. The run stages an entity once per window that
-- mentions it (same id: same type and canonical name), so its rows are folded into one first;
-- new ids are inserted; known ids widen their first/last seen window and fill what they lacked.
insert into main.entities
select
    entity_id,
    any_value(canonical_name) as canonical_name,
    any_value(entity_type) as entity_type,
    any_value(country_code) as country_code,
    list_sort(list_distinct(flatten(list(aliases)))) as aliases,
    min(first_seen_at) as first_seen_at,
    max(last_seen_at) as last_seen_at,
    any_value(geonames_id) as geonames_id,
    any_value(feature_class) as feature_class,
    any_value(admin1_code) as admin1_code,
    any_value(latitude) as latitude,
    any_value(longitude) as longitude
from staging.entities
group by entity_id
on conflict (entity_id) do update set
    country_code = coalesce(entities.country_code, excluded.country_code),
    first_seen_at = least(entities.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(entities.last_seen_at, excluded.last_seen_at),
    geonames_id = coalesce(entities.geonames_id, excluded.geonames_id),
    feature_class = coalesce(entities.feature_class, excluded.feature_class),
    admin1_code = coalesce(entities.admin1_code, excluded.admin1_code),
    latitude = coalesce(entities.latitude, excluded.latitude),
    longitude = coalesce(entities.longitude, excluded.longitude);

-- Known ids gain the aliases they lacked. Only those whose aliases grow are written: DuckDB
-- rewrites a list value at a cost that grows with the table (0.7 ms a row at 56,000 entities),
-- and most entities a run mentions (countries, leaders) have every spelling already.
update main.entities
set aliases = list_sort(list_distinct(list_concat(entities.aliases, staged.aliases)))
from (
    select entity_id, list_distinct(flatten(list(aliases))) as aliases
    from staging.entities
    group by entity_id
) as staged
where staged.entity_id = entities.entity_id
    and not list_has_all(entities.aliases, staged.aliases);
