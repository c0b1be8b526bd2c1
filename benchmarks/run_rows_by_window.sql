-- The rows of one run of getvariable('articles') published articles, a window of
-- getvariable('per_window') articles at a time: views `window_<table>` hold the rows of window
-- getvariable('window_number') (benchmarks/publish_scale.py stages them as a run would).
create or replace temp table chosen_articles as
select
    article_id,
    (row_number() over (order by article_id) - 1) // getvariable('per_window') as window_number
from articles
order by article_id
limit getvariable('articles');

create or replace temp view window_articles as
select * from articles
where article_id in (
    select article_id from chosen_articles where window_number = getvariable('window_number')
);

create or replace temp view window_mentions as
select * from mentions where article_id in (select article_id from window_articles);

create or replace temp view window_entity_roles as
select * from entity_roles where article_id in (select article_id from window_articles);

create or replace temp view window_events as
select * from events where article_id in (select article_id from window_articles);

create or replace temp view window_event_participants as
select * from event_participants where event_id in (select event_id from window_events);

-- as a run stages them: every entity its window mentions, once a window
create or replace temp view window_entities as
select * from entities where entity_id in (select entity_id from window_mentions);
