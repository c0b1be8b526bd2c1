-- Merge this run's entities into the warehouse: new ids are inserted; known ids gain any
-- new aliases and widen their first/last seen window.
insert into main.entities
select * from staging.entities
on conflict (entity_id) do update set
    aliases = list_sort(list_distinct(list_concat(entities.aliases, excluded.aliases))),
    country_code = coalesce(entities.country_code, excluded.country_code),
    first_seen_at = least(entities.first_seen_at, excluded.first_seen_at),
    last_seen_at = greatest(entities.last_seen_at, excluded.last_seen_at)
