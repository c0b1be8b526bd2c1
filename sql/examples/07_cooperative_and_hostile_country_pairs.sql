-- Which pairs of countries cooperate, and which clash? All events between two different
-- countries (either direction), over the whole warehouse, most cooperative first.
-- Columns:
--   country_a, country_b    ISO 3166-1 alpha-2 codes, country_a < country_b
--   event_count             events between them
--   cooperation_events      QuadClass 1 or 2
--   conflict_events         QuadClass 3 or 4
--   mean_goldstein          -10 (conflict) .. +10 (cooperation), 2 decimals
--   tone                    'cooperative' (mean > 1), 'hostile' (mean < -1) or 'mixed'
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
),

pairs as (
    select
        country_a,
        country_b,
        sum(event_count) as event_count,
        sum(cooperation_events) as cooperation_events,
        sum(conflict_events) as conflict_events,
        round(sum(goldstein_total) / sum(event_count), 2) as mean_goldstein
    from undirected
    group by country_a, country_b
)

select
    *,
    case
        when mean_goldstein > 1 then 'cooperative'
        when mean_goldstein < -1 then 'hostile'
        else 'mixed'
    end as tone
from pairs
order by mean_goldstein desc, event_count desc, country_a, country_b
