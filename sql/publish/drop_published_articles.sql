-- Articles another run published while this one was extracting leave this run (the caller
-- counts them as duplicates), with every row that hangs on them, and so do the entities no
-- remaining row of the run uses.
create or replace temp table late_articles as
select article_id from staging.articles semi join main.articles using (article_id);

delete from staging.mentions where article_id in (select article_id from late_articles);
delete from staging.entity_roles where article_id in (select article_id from late_articles);
delete from staging.events where article_id in (select article_id from late_articles);
delete from staging.event_participants
where event_id not in (select event_id from staging.events);
delete from staging.articles where article_id in (select article_id from late_articles);

delete from staging.entities
where entity_id not in (
    select entity_id from staging.mentions
    union all
    select person_entity_id from staging.entity_roles
    union all
    select affiliation_entity_id from staging.entity_roles where affiliation_entity_id is not null
    union all
    select entity_id from staging.event_participants
    union all
    select location_entity_id from staging.events where location_entity_id is not null
);
