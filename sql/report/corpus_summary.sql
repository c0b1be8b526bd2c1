-- One row describing what the warehouse holds, for the report's summary table.
-- Columns: articles, dated_articles, first_published_at, last_published_at, words, entities,
-- mentions, events, events_with_participants, country_dyad_events, runs, last_run_at,
-- last_run_status, rejected_inputs
with article_totals as (
    select
        count(*) as articles,
        count(published_at) as dated_articles,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        coalesce(sum(word_count), 0) as words
    from articles
),

last_run as (
    select started_at as last_run_at, status as last_run_status
    from pipeline_runs
    order by started_at desc
    limit 1
)

select
    article_totals.*,
    (select count(*) from entities) as entities,
    (select count(*) from mentions) as mentions,
    (select count(*) from events) as events,
    (select count(distinct event_id) from event_participants) as events_with_participants,
    (select coalesce(sum(event_count), 0) from country_dyads) as country_dyad_events,
    (select count(*) from pipeline_runs) as runs,
    last_run.last_run_at,
    last_run.last_run_status,
    (select count(*) from rejected_inputs) as rejected_inputs
from article_totals
left join last_run on true
