-- How did US–China cooperation vs conflict evolve? Events between the two countries (either
-- direction) per month, split into cooperation (QuadClass 1-2) and conflict (3-4), with the mean
-- Goldstein score. Months come from the event date, else the article date; 'undated' collects
-- the rest. Change the two codes in `countries` for another pair.
-- Columns:
--   month                 'YYYY-MM', or 'undated'
--   us_to_china_events    events with a US actor and a Chinese target
--   china_to_us_events    events with a Chinese actor and a US target
--   cooperation_events    QuadClass 1 or 2
--   conflict_events       QuadClass 3 or 4
--   mean_goldstein        -10 (conflict) .. +10 (cooperation), 2 decimals
with countries as (
    select 'US' as first_country, 'CN' as second_country
),

pair_days as (
    select
        coalesce(strftime(country_dyads.event_day, '%Y-%m'), 'undated') as month,
        country_dyads.source_country_code = countries.first_country as is_first_to_second,
        country_dyads.event_count,
        country_dyads.verbal_cooperation_count + country_dyads.material_cooperation_count
            as cooperation_events,
        country_dyads.verbal_conflict_count + country_dyads.material_conflict_count
            as conflict_events,
        country_dyads.goldstein_total
    from country_dyads, countries
    where (country_dyads.source_country_code = countries.first_country
            and country_dyads.target_country_code = countries.second_country)
        or (country_dyads.source_country_code = countries.second_country
            and country_dyads.target_country_code = countries.first_country)
)

select
    month,
    coalesce(sum(event_count) filter (where is_first_to_second), 0) as us_to_china_events,
    coalesce(sum(event_count) filter (where not is_first_to_second), 0) as china_to_us_events,
    sum(cooperation_events) as cooperation_events,
    sum(conflict_events) as conflict_events,
    round(sum(goldstein_total) / sum(event_count), 2) as mean_goldstein
from pair_days
group by month
order by month = 'undated', month
