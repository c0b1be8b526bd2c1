-- Who and what is in the news? The five entities of each type mentioned in the most articles,
-- with the names they go by and who they are mentioned with.
-- Columns:
--   entity_type       PERSON, ORG, GPE, ...
--   rank              1..5 within the type
--   canonical_name    the entity
--   article_count     articles mentioning it
--   mention_count     all its mentions
--   aliases           the surface forms seen
--   top_co_mentions   entities sharing most articles with it
with top_five as (
    -- min_by(..., 5) keeps the five smallest keys per type, in key order: most articles, then
    -- most mentions, then name. Unlike a window it never sorts every entity of a type.
    select
        entity_type,
        min_by(
            {'canonical_name': canonical_name, 'article_count': article_count,
             'mention_count': mention_count, 'aliases': aliases,
             'top_co_mentions': top_co_mentions},
            (-article_count, -mention_count, canonical_name, entity_id),
            5
        ) as entities
    from entity_profile
    where mention_count > 0
    group by entity_type
)

select
    ranked.entity_type,
    ranked.rank,
    ranked.entity.canonical_name,
    ranked.entity.article_count,
    ranked.entity.mention_count,
    ranked.entity.aliases,
    ranked.entity.top_co_mentions
from (
    -- two unnests in one select walk their lists side by side: each entity with its place
    -- (`unnest ... with ordinality` says the same, but only DuckDB 1.4 and later read it)
    select entity_type, unnest(entities) as entity, unnest(range(1, len(entities) + 1)) as rank
    from top_five
) as ranked
order by ranked.entity_type, ranked.rank
