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
-- Rows are ordered by article_count, then mention_count (both descending), then name.
create or replace view entity_profile as
with entity_mentions as (
    select
        mentions.entity_id,
        mentions.article_id,
        articles.published_at
    from mentions
    inner join articles on articles.article_id = mentions.article_id
),

mention_totals as (
    select
        entity_id,
        count(*) as mention_count,
        count(distinct article_id) as article_count,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at
    from entity_mentions
    group by entity_id
),

monthly_mentions as (
    select
        entity_id,
        cast(date_trunc('month', published_at) as date) as month,
        count(*) as mentions,
        count(distinct article_id) as articles
    from entity_mentions
    where published_at is not null
    group by entity_id, month
),

mentions_over_time as (
    select
        entity_id,
        list({'month': month, 'mentions': mentions, 'articles': articles} order by month)
            as mentions_by_month
    from monthly_mentions
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
),

article_entities as (
    select distinct article_id, entity_id
    from mentions
),

co_mentions as (
    select
        this.entity_id,
        other.entity_id as other_entity_id,
        count(*) as shared_articles
    from article_entities as this
    inner join article_entities as other
        on other.article_id = this.article_id
        and other.entity_id <> this.entity_id
    group by this.entity_id, other.entity_id
),

ranked_co_mentions as (
    select
        co_mentions.entity_id,
        entities.canonical_name as other_name,
        row_number() over (
            partition by co_mentions.entity_id
            order by co_mentions.shared_articles desc, entities.canonical_name, entities.entity_id
        ) as co_mention_rank
    from co_mentions
    inner join entities on entities.entity_id = co_mentions.other_entity_id
),

top_co_mentions as (
    select
        entity_id,
        list(other_name order by co_mention_rank) as top_co_mentions
    from ranked_co_mentions
    where co_mention_rank <= 5
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
left join mention_totals on mention_totals.entity_id = entities.entity_id
left join mentions_over_time on mentions_over_time.entity_id = entities.entity_id
left join stated_roles on stated_roles.entity_id = entities.entity_id
left join event_roles on event_roles.entity_id = entities.entity_id
left join top_co_mentions on top_co_mentions.entity_id = entities.entity_id
order by article_count desc, mention_count desc, entities.canonical_name, entities.entity_id
