-- The ten entities of each type mentioned in the most articles, for the "top entities" chart.
-- Types come most populous first (type_rank 1 = the type with the most entities).
-- Columns: entity_type, type_rank, rank, canonical_name, article_count, mention_count
with type_sizes as (
    select
        entity_type,
        row_number() over (order by count(*) desc, entity_type) as type_rank
    from entity_profile
    where mention_count > 0
    group by entity_type
),

ranked as (
    select
        entity_type,
        row_number() over (
            partition by entity_type
            order by article_count desc, mention_count desc, canonical_name
        ) as rank,
        canonical_name,
        article_count,
        mention_count
    from entity_profile
    where mention_count > 0
)

select
    ranked.entity_type,
    type_sizes.type_rank,
    ranked.rank,
    ranked.canonical_name,
    ranked.article_count,
    ranked.mention_count
from ranked
inner join type_sizes on type_sizes.entity_type = ranked.entity_type
where ranked.rank <= 10
order by type_sizes.type_rank, ranked.rank
