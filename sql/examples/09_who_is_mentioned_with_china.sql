-- Who is mentioned with China? The entities sharing sentences or articles with one entity,
-- found by its canonical name or any alias. Change the name in `chosen` to ask about another.
-- Columns:
--   other_name       canonical name of the co-mentioned entity
--   other_type       its entity type
--   sentence_count   sentences mentioning both
--   article_count    articles mentioning both
with chosen as (
    select entity_id
    from entities
    where canonical_name = 'China' or list_contains(aliases, 'China')
),

pairs as (
    select
        case when entity_a_id in (select entity_id from chosen) then entity_b_name
            else entity_a_name end as other_name,
        case when entity_a_id in (select entity_id from chosen) then entity_b_type
            else entity_a_type end as other_type,
        sentence_count,
        article_count
    from entity_cooccurrence
    where entity_a_id in (select entity_id from chosen)
        or entity_b_id in (select entity_id from chosen)
)

select
    other_name,
    other_type,
    sum(sentence_count) as sentence_count,
    sum(article_count) as article_count
from pairs
group by other_name, other_type
order by sentence_count desc, article_count desc, other_name, other_type
limit 30
