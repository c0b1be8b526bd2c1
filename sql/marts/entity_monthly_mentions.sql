-- Mart: one row per entity and calendar month of publication (undated articles left out),
-- kept up to date at publish time like `entity_mention_counts`.
create table if not exists entity_monthly_mentions (
    entity_id     varchar not null,
    month         date not null,
    mention_count bigint not null,
    article_count bigint not null
);
