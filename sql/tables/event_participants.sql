-- Who took part in an event, and how: 'source' acts, 'target' is acted on, 'other' is present.
create table if not exists event_participants (
    event_id  varchar not null,
    entity_id varchar not null,
    role      varchar not null
);
