-- Mart: for every entity sharing an article with another, the names of the (up to) five
-- entities sharing most articles with it, most first (ties by name, then id). Recomputed at
-- publish time for the entities a run mentions, the only ones whose pair counts changed
-- (sql/publish/rank_co_mentions.sql), so `entity_profile` needs no ranking of every pair.
create table if not exists entity_top_co_mentions (
    entity_id       varchar not null,
    top_co_mentions varchar[] not null
);
