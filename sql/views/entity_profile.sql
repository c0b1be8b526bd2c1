-- One row per canonical entity: how often, where and when it is mentioned, the titles a person
-- was given, and the entities most often mentioned in the same articles.
-- Columns:
--   entity_id, canonical_name, entity_type, country_code, aliases   as in `entities`
--   mention_count       mentions of the entity (0 if none)
--   article_count       distinct articles that mention it
--   first_published_at  earliest publication time of those articles (NULL if none is dated)
--   last_published_at   latest publication time of those articles (NULL if none is dated)
--   mentions_by_month   list of {month, mentions, articles}, oldest first; undated articles left out
--   roles               distinct titles stated for the entity as a person, alphabetical ([] if none)
--   event_count         distinct events the entity takes part in, in any role
--   top_co_mentions     up to 5 names of the entities sharing most articles with it, most first
-- Rows come in no set order (a view that sorted would sort every entity for every filter):
-- add e.g. `order by article_count desc, mention_count desc, canonical_name`.
create or replace view entity_profile as
-- Counts come from the marts kept up to date as runs publish (sql/marts/), so the view reads a
-- few rows per entity, not every mention.
with mentions_over_time as (
    select
        entity_id,
        list({'month': month, 'mentions': mention_count, 'articles': article_count}
             order by month) as mentions_by_month
    from entity_monthly_mentions
    group by entity_id
),

stated_roles as (
    select
        person_entity_id as entity_id,
        list(distinct title order by title) as roles
    from entity_roles
    group by person_entity_id
),

event_roles as (
    select
        entity_id,
        count(distinct event_id) as event_count
    from event_participants
    group by entity_id
)

select
    entities.entity_id,
    entities.canonical_name,
    entities.entity_type,
    entities.country_code,
    entities.aliases,
    coalesce(mention_totals.mention_count, 0) as mention_count,
    coalesce(mention_totals.article_count, 0) as article_count,
    mention_totals.first_published_at,
    mention_totals.last_published_at,
    coalesce(mentions_over_time.mentions_by_month, []) as mentions_by_month,
    coalesce(stated_roles.roles, []) as roles,
    coalesce(event_roles.event_count, 0) as event_count,
    coalesce(top_co_mentions.top_co_mentions, []) as top_co_mentions
from entities
left join entity_mention_counts as mention_totals
    on mention_totals.entity_id = entities.entity_id
left join mentions_over_time on mentions_over_time.entity_id = entities.entity_id
left join stated_roles on stated_roles.entity_id = entities.entity_id
left join event_roles on event_roles.entity_id = entities.entity_id
left join entity_top_co_mentions as top_co_mentions
    on top_co_mentions.entity_id = entities.entity_id
