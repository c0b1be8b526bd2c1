-- Add the pair counts of every slice of the publish (`slice_pair_counts`, filled by
-- count_entity_pairs.sql) to `entity_pair_counts`, in one merge: a merge reads the whole table
-- it merges into, so once a publish rather than once a slice of 5,000 articles.
merge into entity_pair_counts
using (
    select
        entity_a_id,
        entity_b_id,
        any_value(entity_a_name) as entity_a_name,
        any_value(entity_a_type) as entity_a_type,
        any_value(entity_b_name) as entity_b_name,
        any_value(entity_b_type) as entity_b_type,
        sum(sentence_count) as sentence_count,
        sum(article_count) as article_count,
        min(first_shared_sentence_article_id) as first_shared_sentence_article_id,
        min(first_article_id) as first_article_id
    from slice_pair_counts
    group by entity_a_id, entity_b_id
) as new_pairs
on new_pairs.entity_a_id = entity_pair_counts.entity_a_id
    and new_pairs.entity_b_id = entity_pair_counts.entity_b_id
when matched then update set
    sentence_count = entity_pair_counts.sentence_count + new_pairs.sentence_count,
    article_count = entity_pair_counts.article_count + new_pairs.article_count,
    -- least() skips NULLs: a pair that never shared a sentence has none
    first_shared_sentence_article_id = least(entity_pair_counts.first_shared_sentence_article_id,
                                             new_pairs.first_shared_sentence_article_id),
    first_article_id = least(entity_pair_counts.first_article_id, new_pairs.first_article_id)
when not matched then insert by name;

drop table slice_pair_counts;
