-- Every mention's surface is exactly the slice of its article's text at its offsets.
select 'mentions.surface = text[start_char:end_char]' as rule, count(*) as violations
from mentions m
join articles a using (article_id)
where substr(a.text, m.start_char + 1, m.end_char - m.start_char) <> m.surface
   or m.end_char > length(a.text)
