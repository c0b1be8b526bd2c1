-- Mart: one row per unordered pair of distinct entities mentioned in at least one common
-- article, with the sentences and articles they share. Entity "a" is the one whose
-- (canonical_name, entity_id) sorts first. Names and types are copied from `entities` (an
-- entity's id is a hash of its type and name, so they never change), so reading pairs needs no
-- join. Kept up to date at publish time from each run's new articles only
-- (sql/publish/count_entity_pairs.sql): `entity_cooccurrence` and `entity_profile` read pairs,
-- not every mention.
--   first_shared_sentence_article_id   smallest article id where both share a sentence, if any
--   first_article_id                   smallest article id mentioning both
create table if not exists entity_pair_counts (
    entity_a_id                      varchar not null,
    entity_a_name                    varchar not null,
    entity_a_type                    varchar not null,
    entity_b_id                      varchar not null,
    entity_b_name                    varchar not null,
    entity_b_type                    varchar not null,
    sentence_count                   bigint not null,
    article_count                    bigint not null,
    first_shared_sentence_article_id varchar,
    first_article_id                 varchar not null
);
