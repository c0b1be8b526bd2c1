-- Which companies are mentioned with export controls (or sanctions, embargoes, tariffs, quotas)?
-- Organisations (companies, but also agencies and groups: the extractor's ORG) mentioned within
-- 200 characters (about a sentence) of one of those terms, with how many articles do so and the
-- words around one such place. To ask about another topic, edit `trade_terms`, a regular
-- expression, and `trade_words`: words (lower case) of which every match contains at least one.
-- The index of words (`article_words` and `words`, sql/marts/) gives the articles that use one
-- of those words, and only their text is read: at 100,000 articles, reading every article's
-- text (227 MB) took longer than the rest of the query. `trade_terms` is a variable, not a CTE
-- column, so DuckDB compiles the expression once, not once per article.
-- Columns:
--   organisation       canonical name of the organisation (entity_type 'ORG')
--   terms_nearby       the restriction terms found near it, alphabetical, lower case
--   article_count      articles where it appears near such a term
--   mention_count      its mentions near such a term
--   example_context    the text around its first such mention (in article_id order)
set variable trade_terms =
    '(?i)\b(export controls?|export bans?|sanctions?|embargo(es)?|tariffs?|quotas?)\b';
set variable trade_words =
    ['export', 'sanction', 'sanctions', 'embargo', 'embargoes', 'tariff', 'tariffs', 'quota',
     'quotas'];
set variable trade_articles = (
    select list(distinct article_words.article_id)
    from article_words
    inner join words on words.word_id = article_words.word_id
    where words.word in (select unnest(getvariable('trade_words')))
);

with candidate_articles as materialized (
    -- materialized, so that the expression below runs on these articles only: DuckDB would
    -- otherwise test it on every article's text as it reads the table
    select articles.article_id, articles.text
    from articles
    where articles.article_id in (select unnest(getvariable('trade_articles')))
),

article_pieces as (
    -- the text between matches and the matches themselves, to turn matches into offsets
    select
        article_id,
        text,
        regexp_split_to_array(text, getvariable('trade_terms')) as pieces,
        regexp_extract_all(text, getvariable('trade_terms')) as matches
    from candidate_articles
    where regexp_matches(text, getvariable('trade_terms'))
),

term_occurrences as (
    select
        article_id,
        lower(matches[match_index]) as term,
        -- offset = lengths of all pieces and matches before this match
        cast(
            list_sum(list_transform(pieces[1:match_index], lambda piece: length(piece)))
            + coalesce(list_sum(list_transform(
                matches[1:match_index - 1], lambda match_text: length(match_text)
            )), 0)
            as bigint
        ) as term_start
    from article_pieces, range(1, len(matches) + 1) as indexes(match_index)
),

nearby_companies as (
    select
        mentions.article_id,
        mentions.entity_id,
        mentions.start_char,
        term_occurrences.term,
        term_occurrences.term_start
    from mentions
    inner join entities on entities.entity_id = mentions.entity_id
    inner join term_occurrences on term_occurrences.article_id = mentions.article_id
    where entities.entity_type = 'ORG'
        and abs(mentions.start_char - term_occurrences.term_start) <= 200
),

first_mentions as (
    select
        entity_id,
        -- term_start in the key too: a mention near two terms is two rows, and a tie would
        -- let DuckDB pick either (another context on another run or version)
        arg_min(article_id, (article_id, start_char, term_start)) as article_id,
        arg_min(least(start_char, term_start), (article_id, start_char, term_start)) as context_start
    from nearby_companies
    group by entity_id
),

example_contexts as (
    -- 300 characters from 60 before the first such place, cut to whole words
    select
        entity_id,
        regexp_replace(trim(
            case
                when window_start > 0 and length(window_text) = 300
                    then regexp_replace(window_text, '^\S*\s+|\s+\S*$', '', 'g')
                when window_start > 0
                    then regexp_replace(window_text, '^\S*\s+', '')
                when length(window_text) = 300
                    then regexp_replace(window_text, '\s+\S*$', '')
                else window_text
            end
        ), '\s+', ' ', 'g') as example_context
    from (
        select
            first_mentions.entity_id,
            greatest(first_mentions.context_start - 60, 0) as window_start,
            substr(candidate_articles.text, greatest(first_mentions.context_start - 60, 0) + 1,
                   300) as window_text
        from first_mentions
        inner join candidate_articles
            on candidate_articles.article_id = first_mentions.article_id
    ) as context_windows
)

select
    entities.canonical_name as organisation,
    list(distinct nearby_companies.term order by nearby_companies.term) as terms_nearby,
    count(distinct nearby_companies.article_id) as article_count,
    count(distinct (nearby_companies.article_id, nearby_companies.start_char)) as mention_count,
    any_value(example_contexts.example_context) as example_context
from nearby_companies
inner join entities on entities.entity_id = nearby_companies.entity_id
inner join example_contexts on example_contexts.entity_id = nearby_companies.entity_id
group by entities.entity_id, entities.canonical_name
order by article_count desc, mention_count desc, organisation
