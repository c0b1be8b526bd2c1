-- What kinds of events are reported, and how many actually happened? Events per CAMEO root,
-- split by modality: asserted (happened), reported (someone says it happened), planned
-- (announced), negated (said not to have happened).
-- Columns:
--   cameo_root        '01' .. '20'
--   event_types       the readable event types seen under that root, alphabetical
--   quad_class_name   verbal/material cooperation/conflict
--   event_count       all events
--   asserted, reported, planned, negated   events of each modality
--   mean_confidence   the coder's mean confidence, 2 decimals
select
    cameo_root,
    list(distinct event_type order by event_type) as event_types,
    any_value(quad_class_name) as quad_class_name,
    count(*) as event_count,
    count(*) filter (where modality = 'asserted') as asserted,
    count(*) filter (where modality = 'reported') as reported,
    count(*) filter (where modality = 'planned') as planned,
    count(*) filter (where modality = 'negated') as negated,
    -- in whole hundredths: a float mean near a half rounds differently from one DuckDB version to another
    round(sum(round(confidence * 100)) / count(*)) / 100 as mean_confidence
from event_timeline
group by cameo_root
order by event_count desc, cameo_root
