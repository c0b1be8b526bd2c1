-- Which entities are mentioned together most often? The 25 pairs sharing the most sentences
-- (then articles): the strongest ties in the co-occurrence network.
-- Columns:
--   entity_a_name, entity_a_type   one entity of the pair
--   entity_b_name, entity_b_type   the other
--   sentence_count   sentences mentioning both
--   article_count    articles mentioning both
select
    entity_a_name,
    entity_a_type,
    entity_b_name,
    entity_b_type,
    sentence_count,
    article_count
from entity_cooccurrence
where sentence_count > 0
order by sentence_count desc, article_count desc, entity_a_name, entity_b_name, entity_a_type,
    entity_b_type
limit 25
