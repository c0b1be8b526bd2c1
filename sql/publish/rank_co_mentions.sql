-- Re-rank the co-mentions of the entities the counted articles mention: only their pair counts
-- changed (runs after count_entity_pairs.sql). Reads `ranked_entities`: a slice of them
-- (slice_ranked_entities.sql).
delete from entity_top_co_mentions
where entity_id in (select entity_id from ranked_entities);

insert into entity_top_co_mentions
with co_mentions as (
    -- a pair is stored once: an entity's co-mentions are the pairs on either side of it
    select entity_a_id as entity_id, entity_b_name as other_name, entity_b_id as other_id,
        article_count
    from entity_pair_counts
    where entity_a_id in (select entity_id from ranked_entities)
    union all
    select entity_b_id, entity_a_name, entity_a_id, article_count
    from entity_pair_counts
    where entity_b_id in (select entity_id from ranked_entities)
)

select
    entity_id,
    -- the five smallest keys, in key order: most shared articles first, then name, then id
    min_by(other_name, (-article_count, other_name, other_id), 5) as top_co_mentions
from co_mentions
group by entity_id;
