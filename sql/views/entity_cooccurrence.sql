-- One row per unordered pair of distinct entities mentioned in at least one common article.
-- Entity "a" is the one whose (canonical_name, entity_id) sorts first, so each pair appears once.
-- Columns:
--   entity_a_id, entity_a_name, entity_a_type     the first entity of the pair
--   entity_b_id, entity_b_name, entity_b_type     the second entity of the pair
--   sentence_count     sentences (across all articles) that mention both
--   article_count      articles that mention both, anywhere in the text
--   example_article_id  an article where both share a sentence if any, else one mentioning both
-- Rows are ordered by sentence_count, then article_count (both descending), then names.
create or replace view entity_cooccurrence as
with named_mentions as (
    select distinct
        mentions.article_id,
        mentions.sentence_index,
        mentions.entity_id,
        entities.canonical_name,
        entities.entity_type
    from mentions
    inner join entities on entities.entity_id = mentions.entity_id
),

article_entities as (
    select distinct article_id, entity_id, canonical_name, entity_type
    from named_mentions
),

article_pairs as (
    select
        first_entity.article_id,
        first_entity.entity_id as entity_a_id,
        second_entity.entity_id as entity_b_id
    from article_entities as first_entity
    inner join article_entities as second_entity
        on second_entity.article_id = first_entity.article_id
        and (
            first_entity.canonical_name < second_entity.canonical_name
            or (
                first_entity.canonical_name = second_entity.canonical_name
                and first_entity.entity_id < second_entity.entity_id
            )
        )
),

sentence_pairs as (
    select
        first_entity.article_id,
        first_entity.entity_id as entity_a_id,
        second_entity.entity_id as entity_b_id,
        count(*) as shared_sentences
    from named_mentions as first_entity
    inner join named_mentions as second_entity
        on second_entity.article_id = first_entity.article_id
        and second_entity.sentence_index = first_entity.sentence_index
        and (
            first_entity.canonical_name < second_entity.canonical_name
            or (
                first_entity.canonical_name = second_entity.canonical_name
                and first_entity.entity_id < second_entity.entity_id
            )
        )
    group by first_entity.article_id, first_entity.entity_id, second_entity.entity_id
),

pair_counts as (
    select
        article_pairs.entity_a_id,
        article_pairs.entity_b_id,
        coalesce(sum(sentence_pairs.shared_sentences), 0) as sentence_count,
        count(*) as article_count,
        coalesce(min(sentence_pairs.article_id), min(article_pairs.article_id))
            as example_article_id
    from article_pairs
    left join sentence_pairs
        on sentence_pairs.article_id = article_pairs.article_id
        and sentence_pairs.entity_a_id = article_pairs.entity_a_id
        and sentence_pairs.entity_b_id = article_pairs.entity_b_id
    group by article_pairs.entity_a_id, article_pairs.entity_b_id
)

select
    pair_counts.entity_a_id,
    entity_a.canonical_name as entity_a_name,
    entity_a.entity_type as entity_a_type,
    pair_counts.entity_b_id,
    entity_b.canonical_name as entity_b_name,
    entity_b.entity_type as entity_b_type,
    pair_counts.sentence_count,
    pair_counts.article_count,
    pair_counts.example_article_id
from pair_counts
inner join entities as entity_a on entity_a.entity_id = pair_counts.entity_a_id
inner join entities as entity_b on entity_b.entity_id = pair_counts.entity_b_id
order by
    pair_counts.sentence_count desc,
    pair_counts.article_count desc,
    entity_a.canonical_name,
    entity_b.canonical_name
