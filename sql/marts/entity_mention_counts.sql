-- Mart: one row per entity mentioned in at least one article, with its running totals.
-- Kept up to date at publish time from each run's new articles only
-- (sql/publish/count_entity_mentions.sql): published articles never change or leave, so
-- adding each run's counts keeps the totals exact, and `entity_profile` reads one row per
-- entity instead of every mention.
create table if not exists entity_mention_counts (
    entity_id          varchar not null,
    mention_count      bigint not null,
    article_count      bigint not null,
    first_published_at timestamp,
    last_published_at  timestamp
);
