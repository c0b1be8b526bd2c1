-- Merge this run's entities into the warehouse. The run stages an entity once per window that
-- mentions it (same id: same type and canonical name), so its rows are folded into one first;
-- known ids widen their first/last seen window and fill what they lacked; new ids are
-- inserted. (`entities` has no key index to upsert through: see sql/tables/entities.sql.)
create or replace temp table staged_entities as
select
    entity_id,
    any_value(canonical_name) as canonical_name,
    any_value(entity_type) as entity_type,
    -- a window's country and the source that gave it, taken together
    min(country_code) as country_code,
    arg_min(country_source, country_code) as country_source,
    list_sort(list_distinct(flatten(list(aliases)))) as aliases,
    min(first_seen_at) as first_seen_at,
    max(last_seen_at) as last_seen_at,
    any_value(geonames_id) as geonames_id,
    any_value(feature_class) as feature_class,
    any_value(admin1_code) as admin1_code,
    any_value(latitude) as latitude,
    any_value(longitude) as longitude
from staging.entities
group by entity_id;

update main.entities
set
    country_code = coalesce(entities.country_code, staged.country_code),
    country_source = case
        when entities.country_code is null then staged.country_source
        -- a row written before the column: the same country now has its source
        when entities.country_source is null and entities.country_code = staged.country_code
            then staged.country_source
        else entities.country_source
    end,
    first_seen_at = least(entities.first_seen_at, staged.first_seen_at),
    last_seen_at = greatest(entities.last_seen_at, staged.last_seen_at),
    geonames_id = coalesce(entities.geonames_id, staged.geonames_id),
    feature_class = coalesce(entities.feature_class, staged.feature_class),
    admin1_code = coalesce(entities.admin1_code, staged.admin1_code),
    latitude = coalesce(entities.latitude, staged.latitude),
    longitude = coalesce(entities.longitude, staged.longitude)
from staged_entities as staged
where staged.entity_id = entities.entity_id;

-- Known ids gain the aliases they lacked. Only those whose aliases grow are written: DuckDB
-- rewrites a list value at a cost that grows with the table (0.7 ms a row at 56,000 entities),
-- and most entities a run mentions (countries, leaders) have every spelling already.
update main.entities
set aliases = list_sort(list_distinct(list_concat(entities.aliases, staged.aliases)))
from staged_entities as staged
where
    staged.entity_id = entities.entity_id
    and not list_has_all(entities.aliases, staged.aliases);

insert into main.entities by name
select * from staged_entities  -- noqa: AM04
where entity_id not in (select entity_id from main.entities);

drop table staged_entities;
