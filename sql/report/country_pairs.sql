-- The 15 pairs of different countries with the most events between them (either direction),
-- split into cooperation and conflict, for the dyad chart.
-- Columns: dyad, event_count, cooperation_events, conflict_events, mean_goldstein
with undirected as (
    select
        least(source_country_code, target_country_code) as country_a,
        greatest(source_country_code, target_country_code) as country_b,
        event_count,
        verbal_cooperation_count + material_cooperation_count as cooperation_events,
        verbal_conflict_count + material_conflict_count as conflict_events,
        goldstein_total
    from country_dyads
    where source_country_code <> target_country_code
)

select
    country_a || '–' || country_b as dyad,
    cast(sum(event_count) as bigint) as event_count,
    cast(sum(cooperation_events) as bigint) as cooperation_events,
    cast(sum(conflict_events) as bigint) as conflict_events,
    round(sum(goldstein_total) / sum(event_count), 2) as mean_goldstein
from undirected
group by country_a, country_b
order by event_count desc, mean_goldstein desc, dyad
limit 15
