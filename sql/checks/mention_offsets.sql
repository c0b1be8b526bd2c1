-- Every mention's surface is exactly the slice of its article's text at its offsets. Reads the
-- rows under check (see foreign_keys.sql): a run's mentions point into its own new articles.
select 'mentions.surface = text[start_char:end_char]' as rule, count(*) as violations
from checked_mentions m
join checked_articles a using (article_id)
where substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.surface
   or m.end_char > length(a.text)
