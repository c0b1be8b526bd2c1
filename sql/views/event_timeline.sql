-- One row per event, newest first, with its participants and the sentence that states it.
-- Columns:
--   event_id, article_id
--   event_day          the event's own date, else its article's publication date (NULL if neither)
--   event_date         the event's own resolved date (NULL if unresolved)
--   date_text          the date words in the text ("on Friday")
--   published_at       the article's publication time
--   quad_class         CAMEO QuadClass 1-4
--   quad_class_name    'verbal cooperation', 'material cooperation', 'verbal conflict',
--                      'material conflict'
--   cameo_code, cameo_root, event_type, goldstein, modality, confidence, trigger  as in `events`
--   sources, targets, others   alphabetical lists of participant names in each role ([] if none)
--   location_name      canonical name of the place the event happened (NULL if none)
--   sentence_index     0-based index of that sentence in the article
--   sentence           the sentence stating the event
--   article_title, source_uri  of the article
-- Rows are ordered by event_day descending (undated last), then article, sentence and offset.
create or replace view event_timeline as
with quad_classes (quad_class, quad_class_name) as (
    values
        (1, 'verbal cooperation'),
        (2, 'material cooperation'),
        (3, 'verbal conflict'),
        (4, 'material conflict')
),

participant_lists as (
    select
        event_participants.event_id,
        list(distinct entities.canonical_name order by entities.canonical_name)
            filter (where event_participants.role = 'source') as sources,
        list(distinct entities.canonical_name order by entities.canonical_name)
            filter (where event_participants.role = 'target') as targets,
        list(distinct entities.canonical_name order by entities.canonical_name)
            filter (where event_participants.role = 'other') as others
    from event_participants
    inner join entities on entities.entity_id = event_participants.entity_id
    group by event_participants.event_id
)

select
    events.event_id,
    events.article_id,
    coalesce(events.event_date, cast(articles.published_at as date)) as event_day,
    events.event_date,
    events.date_text,
    articles.published_at,
    events.quad_class,
    quad_classes.quad_class_name,
    events.cameo_code,
    events.cameo_root,
    events.event_type,
    events.goldstein,
    events.modality,
    events.confidence,
    events.trigger,
    coalesce(participant_lists.sources, []) as sources,
    coalesce(participant_lists.targets, []) as targets,
    coalesce(participant_lists.others, []) as others,
    places.canonical_name as location_name,
    events.sentence_index,
    events.sentence,
    articles.title as article_title,
    articles.source_uri
from events
inner join articles on articles.article_id = events.article_id
left join quad_classes on quad_classes.quad_class = events.quad_class
left join participant_lists on participant_lists.event_id = events.event_id
left join entities as places on places.entity_id = events.location_entity_id
order by
    event_day desc nulls last,
    events.article_id,
    events.sentence_index,
    events.start_char
