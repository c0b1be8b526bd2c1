-- Mart: an index of words, one row per word (`words.word_id`) and article that uses it. A query
-- looking for words in text asks it which articles to read instead of reading every article's
-- text (sql/examples/02_companies_near_trade_restrictions.sql):
--     select article_id from article_words join words using (word_id) where word = 'tariffs'
-- Words are numbers here because DuckDB compares numbers much faster than strings: looking up a
-- few words reads the whole `word_id` column whatever order runs published their articles in.
-- Kept up to date at publish time (sql/publish/index_article_words.sql). DuckDB's own full-text
-- index is an extension downloaded at first use, which newsflow's offline rule excludes.
create table if not exists article_words (
    word_id    integer not null,
    article_id varchar not null
);
