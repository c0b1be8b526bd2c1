-- Number the entities the counted articles mention (`all_counted_mentions`: every slice) into
-- slices of $per_slice, whose co-mentions are ranked one slice at a time (rank_co_mentions.sql).
create or replace temp table slices as
select
    entity_id,
    (row_number() over (order by entity_id) - 1) // $per_slice as slice_number
from (select distinct entity_id from all_counted_mentions);
