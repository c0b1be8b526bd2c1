-- Mart: every word of the published articles, numbered (see article_words.sql, which refers to
-- words by number). A word is a run of letters and digits, lower-cased ("U.S." gives "u" and
-- "s"). Numbers are given in publish order and never change.
create table if not exists words (
    word_id integer not null,
    word    varchar not null
);
