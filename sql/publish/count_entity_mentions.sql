-- Add the mentions of newly published articles to the per-entity marts. Reads
-- `counted_mentions` and `counted_articles` (and count_entity_pairs.sql `counted_entities`):
-- temporary views over the run's staged rows at publish time, or over every published row
-- when the marts are first built (tasks/load.py, count_into_marts).
merge into entity_mention_counts
using (
    select
        counted_mentions.entity_id,
        count(*) as mention_count,
        count(distinct counted_mentions.article_id) as article_count,
        min(counted_articles.published_at) as first_published_at,
        max(counted_articles.published_at) as last_published_at
    from counted_mentions
    inner join counted_articles on counted_articles.article_id = counted_mentions.article_id
    group by counted_mentions.entity_id
) as new_counts
on new_counts.entity_id = entity_mention_counts.entity_id
when matched then update set
    mention_count = entity_mention_counts.mention_count + new_counts.mention_count,
    article_count = entity_mention_counts.article_count + new_counts.article_count,
    first_published_at = least(entity_mention_counts.first_published_at,
                               new_counts.first_published_at),
    last_published_at = greatest(entity_mention_counts.last_published_at,
                                 new_counts.last_published_at)
when not matched then insert by name;

merge into entity_monthly_mentions
using (
    select
        counted_mentions.entity_id,
        cast(date_trunc('month', counted_articles.published_at) as date) as month,
        count(*) as mention_count,
        count(distinct counted_mentions.article_id) as article_count
    from counted_mentions
    inner join counted_articles on counted_articles.article_id = counted_mentions.article_id
    where counted_articles.published_at is not null
    group by counted_mentions.entity_id, month
) as new_counts
on new_counts.entity_id = entity_monthly_mentions.entity_id
    and new_counts.month = entity_monthly_mentions.month
when matched then update set
    mention_count = entity_monthly_mentions.mention_count + new_counts.mention_count,
    article_count = entity_monthly_mentions.article_count + new_counts.article_count
when not matched then insert by name;
