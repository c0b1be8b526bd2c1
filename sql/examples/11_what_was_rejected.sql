-- What did not make it into the warehouse, and why? Rejected inputs per pipeline stage and
-- reason, with an example input, so a source's problems can be fixed at the source.
-- Columns:
--   stage            read, decode, parse, validate, ...
--   reason           the rejection reason, as recorded
--   input_count      inputs rejected for it
--   example_input    one such input (the alphabetically first)
--   last_seen_at     when it last happened
select
    stage,
    reason,
    count(*) as input_count,
    min(source_uri) as example_input,
    max(detected_at) as last_seen_at
from rejected_inputs
group by stage, reason
order by input_count desc, stage, reason
