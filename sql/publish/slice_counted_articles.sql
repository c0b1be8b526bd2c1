-- Number the counted articles (`counted_articles`, see count_entity_mentions.sql) into slices
-- of $per_slice, counted into the marts one slice at a time (tasks/load.py, count_into_marts).
create or replace temp table slices as
select
    article_id,
    (row_number() over (order by article_id) - 1) // $per_slice as slice_number
from counted_articles;
