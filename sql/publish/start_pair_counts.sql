-- An empty temporary table for the pair counts of every slice of one publish
-- (count_entity_pairs.sql fills it, merge_entity_pairs.sql adds it to the mart and drops it).
create or replace temp table slice_pair_counts as
select * from entity_pair_counts  -- noqa: AM04
where false
