-- Merge this run's entities into the warehouse. The run stages an entity once per window that
-- mentions it (same id: same type and canonical name), so its rows are folded into one first;
-- new ids are inserted; known ids gain any new aliases and widen their first/last seen window.
insert into main.entities
select
    entity_id,
    any_value(canonical_name) as canonical_name,
    any_value(entity_type) as entity_type,
    any_value(country_code) as country_code,
    list_sort(list_distinct(flatten(list(aliases)))) as aliases,
    min(first_seen_at) as first_seen_at,
    max(last_seen_at) as last_seen_at
from staging.entities
group by entity_id
on conflict (entity_id) do update set
    aliases = list_sort(list_distinct(list_concat(entities.aliases, excluded.aliases))),
    country_code = coalesce(entities.country_code, excluded.country_code),
    first_seen_at = least(entities.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(entities.last_seen_at, excluded.last_seen_at)
