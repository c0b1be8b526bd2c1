-- Add the words of newly published articles to `words` (new words get the next numbers) and
-- to `article_words`. Reads `indexed_articles`: one slice of the counted articles at a time
-- (tasks/load.py, count_into_marts).
create or replace temp table slice_words as
select distinct
    article_id,
    word
from (
    select
        article_id,
        unnest(regexp_extract_all(lower(text), '[\pL\pN]+')) as word
    from indexed_articles
);

insert into words
select
    (select coalesce(max(word_id), 0) from words) + row_number() over (order by word) as word_id,
    word
from (select distinct word from slice_words)
where word not in (select word from words);

insert into article_words
select
    words.word_id,
    slice_words.article_id
from slice_words
inner join words on words.word = slice_words.word
-- by article: each article's id then repeats in a run, which DuckDB stores compactly
order by slice_words.article_id, words.word_id;

drop table slice_words;
