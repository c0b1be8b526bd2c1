-- Events per day and CAMEO QuadClass, for the timeline chart (negated events left out).
-- event_day is NULL for events whose date and article date are both unknown.
-- Columns: event_day, quad_class, quad_class_name, event_count
select
    event_day,
    quad_class,
    quad_class_name,
    count(*) as event_count
from event_timeline
where modality <> 'negated'
group by event_day, quad_class, quad_class_name
order by event_day nulls last, quad_class
