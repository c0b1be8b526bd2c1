-- What happened most recently, in the articles' own words? The 20 newest events (undated ones
-- after dated ones), who acted on whom, and the sentence stating each.
-- Columns:
--   event_day        the event's date, else the article's (NULL if neither is known)
--   event_type       readable CAMEO name
--   quad_class_name  verbal/material cooperation/conflict
--   modality         asserted, reported, planned, negated
--   actors           the source participants, '; '-joined
--   acted_on         the target participants, '; '-joined
--   sentence         the sentence stating the event
--   article_title    the article it comes from
select
    event_day,
    event_type,
    quad_class_name,
    modality,
    -- coalesce: DuckDB before 1.5 joins an empty list into NULL, not ''
    coalesce(array_to_string(sources, '; '), '') as actors,
    coalesce(array_to_string(targets, '; '), '') as acted_on,
    sentence,
    article_title
from event_timeline
order by event_day desc nulls last, article_id, sentence_index, event_id
limit 20
