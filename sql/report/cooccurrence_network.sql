-- Edges of the co-occurrence network: pairs among the 40 entities in the most articles that
-- share at least one sentence, strongest 150 pairs. Node attributes ride along on each edge.
-- Columns: source_id, source_name, source_type, source_articles, target_id, target_name,
-- target_type, target_articles, sentence_count, article_count
with top_entities as (
    select entity_id, canonical_name, entity_type, article_count
    from entity_profile
    where mention_count > 0
    order by article_count desc, mention_count desc, canonical_name
    limit 40
)

select
    entity_a.entity_id as source_id,
    entity_a.canonical_name as source_name,
    entity_a.entity_type as source_type,
    entity_a.article_count as source_articles,
    entity_b.entity_id as target_id,
    entity_b.canonical_name as target_name,
    entity_b.entity_type as target_type,
    entity_b.article_count as target_articles,
    entity_cooccurrence.sentence_count,
    entity_cooccurrence.article_count
from entity_cooccurrence
inner join top_entities as entity_a on entity_a.entity_id = entity_cooccurrence.entity_a_id
inner join top_entities as entity_b on entity_b.entity_id = entity_cooccurrence.entity_b_id
where entity_cooccurrence.sentence_count > 0
order by entity_cooccurrence.sentence_count desc, entity_cooccurrence.article_count desc,
    source_name, target_name
limit 150
