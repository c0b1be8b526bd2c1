-- One row per unordered pair of distinct entities mentioned in at least one common article.
-- Entity "a" is the one whose (canonical_name, entity_id) sorts first, so each pair appears once.
-- Columns:
--   entity_a_id, entity_a_name, entity_a_type     the first entity of the pair
--   entity_b_id, entity_b_name, entity_b_type     the second entity of the pair
--   sentence_count     sentences (across all articles) that mention both
--   article_count      articles that mention both, anywhere in the text
--   example_article_id  an article where both share a sentence if any, else one mentioning both
-- Rows come in no set order (a view that sorted would sort every pair for every filter): add
-- e.g. `order by sentence_count desc, article_count desc, entity_a_name, entity_b_name`.
-- It reads the `entity_pair_counts` mart, kept up to date as runs publish, with no join, so a
-- filter on it reads only the pairs it needs.
create or replace view entity_cooccurrence as
select
    entity_a_id,
    entity_a_name,
    entity_a_type,
    entity_b_id,
    entity_b_name,
    entity_b_type,
    sentence_count,
    article_count,
    coalesce(first_shared_sentence_article_id, first_article_id) as example_article_id
from entity_pair_counts
