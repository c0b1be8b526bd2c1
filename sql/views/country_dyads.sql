-- GDELT-style country dyads: one row per (source country, target country, day) with events
-- counted by CAMEO QuadClass and their mean Goldstein score.
-- A participant's country is its entities.country_code (ISO 3166-1 alpha-2); for a person
-- without one, the country_code of the affiliation stated for them in the event's article
-- (Raimondo, "US Secretary of Commerce" -> US). Participants count with role 'source' (the
-- actor) or 'target' (acted on). Joint actions with no target country ("Japan and the United
-- States agreed to cooperate") pair their source countries once, in alphabetical order.
-- An event counts once per dyad, however many participants share a country. Negated events
-- ("did not meet") are left out; planned and reported ones are kept, as GDELT does. The day is
-- the event's own date, else the article's publication date, else NULL. Same-country dyads
-- (e.g. a government acting on a company of its own country) are kept.
-- Columns:
--   source_country_code, target_country_code   ISO 3166-1 alpha-2
--   event_day                    DATE (NULL when neither the event nor the article is dated)
--   event_count                  events in the dyad that day
--   verbal_cooperation_count     QuadClass 1
--   material_cooperation_count   QuadClass 2
--   verbal_conflict_count        QuadClass 3
--   material_conflict_count      QuadClass 4
--   mean_goldstein               mean Goldstein score (-10 conflict .. +10 cooperation), 2 decimals
--   goldstein_total              sum of the Goldstein scores, to re-aggregate means exactly
--   article_count                distinct articles reporting those events
-- Rows are ordered newest day first (undated last), then by event_count descending.
create or replace view country_dyads as
with participant_countries as (
    select distinct
        event_participants.event_id,
        event_participants.role,
        coalesce(entities.country_code, stated_countries.country_code) as country_code
    from event_participants
    inner join events on events.event_id = event_participants.event_id
    inner join entities on entities.entity_id = event_participants.entity_id
    left join stated_countries
        on stated_countries.article_id = events.article_id
        and stated_countries.entity_id = event_participants.entity_id
        and entities.country_code is null
    where event_participants.role in ('source', 'target')
        and coalesce(entities.country_code, stated_countries.country_code) is not null
),

directed_dyad_events as (
    select distinct
        sources.event_id,
        sources.country_code as source_country_code,
        targets.country_code as target_country_code
    from participant_countries as sources
    inner join participant_countries as targets
        on targets.event_id = sources.event_id
        and targets.role = 'target'
    where sources.role = 'source'
),

joint_dyad_events as (
    select distinct
        first_source.event_id,
        first_source.country_code as source_country_code,
        second_source.country_code as target_country_code
    from participant_countries as first_source
    inner join participant_countries as second_source
        on second_source.event_id = first_source.event_id
        and second_source.role = 'source'
        and second_source.country_code > first_source.country_code
    where first_source.role = 'source'
        and first_source.event_id not in (
            select event_id from participant_countries where role = 'target'
        )
),

dyad_events as (
    select * from directed_dyad_events
    union
    select * from joint_dyad_events
),

dated_dyad_events as (
    select
        dyad_events.source_country_code,
        dyad_events.target_country_code,
        coalesce(events.event_date, cast(articles.published_at as date)) as event_day,
        events.article_id,
        events.quad_class,
        events.goldstein
    from dyad_events
    inner join events on events.event_id = dyad_events.event_id
    inner join articles on articles.article_id = events.article_id
    where events.modality <> 'negated'
)

select
    source_country_code,
    target_country_code,
    event_day,
    count(*) as event_count,
    count(*) filter (where quad_class = 1) as verbal_cooperation_count,
    count(*) filter (where quad_class = 2) as material_cooperation_count,
    count(*) filter (where quad_class = 3) as verbal_conflict_count,
    count(*) filter (where quad_class = 4) as material_conflict_count,
    round(avg(goldstein), 2) as mean_goldstein,
    sum(goldstein) as goldstein_total,
    count(distinct article_id) as article_count
from dated_dyad_events
group by source_country_code, target_country_code, event_day
order by event_day desc nulls last, event_count desc, source_country_code, target_country_code
