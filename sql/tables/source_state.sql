-- What the last run learnt of each feed, for a conditional GET next time (an unchanged feed
-- then costs one request). Written with the run that read the feed, in its transaction.
create table if not exists source_state (
    feed_url      varchar primary key,
    etag          varchar,
    last_modified varchar,
    checked_at    timestamp not null,
    run_id        varchar not null
);
