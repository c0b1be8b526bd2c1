-- Count the entity pairs of one slice of newly published articles into `slice_pair_counts`
-- (a temporary table of the publish; merge_entity_pairs.sql adds them all to
-- `entity_pair_counts` at once, so the publish reads that table once, not once a slice). Reads
-- `counted_mentions` and `counted_entities` (see count_entity_mentions.sql). An article
-- counts once per pair however often the two are mentioned; a sentence counts once per pair
-- however often either appears in it.
insert into slice_pair_counts by name
with named_entities as (
    -- a run stages an entity once per window: one row each here
    select distinct entity_id, canonical_name, entity_type
    from counted_entities
),

sentence_entities as (
    select distinct
        counted_mentions.article_id,
        counted_mentions.sentence_index,
        counted_mentions.entity_id,
        entities.canonical_name
    from counted_mentions
    inner join named_entities as entities on entities.entity_id = counted_mentions.entity_id
),

article_entities as (
    select distinct article_id, entity_id, canonical_name
    from sentence_entities
),

article_pairs as (
    select
        first_entity.article_id,
        first_entity.entity_id as entity_a_id,
        second_entity.entity_id as entity_b_id
    from article_entities as first_entity
    inner join article_entities as second_entity
        on second_entity.article_id = first_entity.article_id
        and (first_entity.canonical_name, first_entity.entity_id)
            < (second_entity.canonical_name, second_entity.entity_id)
),

sentence_pairs as (
    select
        first_entity.article_id,
        first_entity.entity_id as entity_a_id,
        second_entity.entity_id as entity_b_id,
        count(*) as shared_sentences
    from sentence_entities as first_entity
    inner join sentence_entities as second_entity
        on second_entity.article_id = first_entity.article_id
        and second_entity.sentence_index = first_entity.sentence_index
        and (first_entity.canonical_name, first_entity.entity_id)
            < (second_entity.canonical_name, second_entity.entity_id)
    group by first_entity.article_id, first_entity.entity_id, second_entity.entity_id
),

pair_counts as (
    select
        article_pairs.entity_a_id,
        article_pairs.entity_b_id,
        coalesce(sum(sentence_pairs.shared_sentences), 0) as sentence_count,
        count(*) as article_count,
        min(sentence_pairs.article_id) as first_shared_sentence_article_id,
        min(article_pairs.article_id) as first_article_id
    from article_pairs
    left join sentence_pairs
        on sentence_pairs.article_id = article_pairs.article_id
        and sentence_pairs.entity_a_id = article_pairs.entity_a_id
        and sentence_pairs.entity_b_id = article_pairs.entity_b_id
    group by article_pairs.entity_a_id, article_pairs.entity_b_id
)

select
    pair_counts.*,
    entity_a.canonical_name as entity_a_name,
    entity_a.entity_type as entity_a_type,
    entity_b.canonical_name as entity_b_name,
    entity_b.entity_type as entity_b_type
from pair_counts
inner join named_entities as entity_a on entity_a.entity_id = pair_counts.entity_a_id
inner join named_entities as entity_b on entity_b.entity_id = pair_counts.entity_b_id;
