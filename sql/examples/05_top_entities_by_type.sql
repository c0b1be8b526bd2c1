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
with ranked as (
    select
        entity_type,
        row_number() over (
            partition by entity_type
            order by article_count desc, mention_count desc, canonical_name, entity_id
        ) as rank,
        canonical_name,
        article_count,
        mention_count,
        aliases,
        top_co_mentions
    from entity_profile
    where mention_count > 0
)

select *
from ranked
where rank <= 5
order by entity_type, rank
