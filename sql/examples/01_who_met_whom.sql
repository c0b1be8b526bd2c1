-- Who met whom? Every pair of participants in a meeting, visit or consultation (CAMEO root 04)
-- or a stated intent to meet (036), with the sentence that says so. Planned meetings ("will
-- meet") are kept but labelled by modality; negated ones ("did not meet") are left out.
-- Pairs are an actor (role 'source') with whom or what it met (role 'target' or 'other');
-- a joint meeting with no target ("Nishimura and Raimondo will meet") pairs its actors.
-- Columns:
--   event_day        the meeting's date, else the article's (NULL if neither is known)
--   participant_a    the actor (for a joint meeting, the alphabetically first actor)
--   participant_b    whom or what the actor met or visited (or the other actor)
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

actor_pairs as (
    -- an actor with each participant it acted on or alongside
    select meetings.event_id, actor.name as participant_a, counterpart.name as participant_b
    from meetings,
        unnest(meetings.sources) as actor(name),
        unnest(list_concat(meetings.targets, meetings.others)) as counterpart(name)
    where actor.name <> counterpart.name
),

joint_pairs as (
    select meetings.event_id, first_actor.name as participant_a, second_actor.name as participant_b
    from meetings,
        unnest(meetings.sources) as first_actor(name),
        unnest(meetings.sources) as second_actor(name)
    where len(meetings.targets) = 0
        and len(meetings.others) = 0
        and first_actor.name < second_actor.name
),

pairs as (
    select * from actor_pairs
    union
    select * from joint_pairs
)

select
    meetings.event_day,
    pairs.participant_a,
    pairs.participant_b,
    meetings.cameo_code,
    meetings.event_type,
    meetings.modality,
    meetings.location_name,
    meetings.sentence
from meetings
inner join pairs on pairs.event_id = meetings.event_id
order by meetings.event_day desc nulls last, pairs.participant_a, pairs.participant_b,
    meetings.sentence, meetings.event_id
