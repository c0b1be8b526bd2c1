-- Who met whom? Every pair of participants in a meeting, visit or consultation (CAMEO root 04)
-- or a stated intent to meet (036), with the sentence that says so. Planned meetings ("will
-- meet") are kept but labelled by modality; negated ones ("did not meet") are left out.
-- Columns:
--   event_day        the meeting's date, else the article's (NULL if neither is known)
--   participant_a    a participant (alphabetically first of the pair)
--   participant_b    another participant of the same meeting
--   cameo_code       '036', '040' .. '046'
--   event_type       readable CAMEO name
--   modality         'asserted', 'planned' or 'reported'
--   location_name    where, if stated
--   sentence         the sentence stating the meeting
with meetings as (
    select *
    from event_timeline
    where (cameo_root = '04' or cameo_code = '036')
        and modality <> 'negated'
),

participants as (
    select distinct meetings.event_id, participant.name
    from meetings,
        unnest(list_concat(meetings.sources, meetings.targets, meetings.others)) as participant(name)
)

select
    meetings.event_day,
    first_participant.name as participant_a,
    second_participant.name as participant_b,
    meetings.cameo_code,
    meetings.event_type,
    meetings.modality,
    meetings.location_name,
    meetings.sentence
from meetings
inner join participants as first_participant on first_participant.event_id = meetings.event_id
inner join participants as second_participant
    on second_participant.event_id = meetings.event_id
    and second_participant.name > first_participant.name
order by meetings.event_day desc nulls last, participant_a, participant_b, meetings.sentence
