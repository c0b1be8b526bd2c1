-- Content hashes of input files already read, so an incremental run skips them before
-- extraction. Insert-only: a rerun over the same files adds nothing.
create table if not exists input_files (
    content_hash  varchar primary key,
    source_uri    varchar not null,
    first_run_id  varchar not null
);
