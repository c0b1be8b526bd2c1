-- Staged articles another run published while this one was extracting (found under the lock).
select count(*) from staging.articles semi join main.articles using (article_id)
