-- Which people appear with which titles? Every title stated for a person, with the organisation
-- or country it was stated for, in how many articles, and by which sources.
-- Columns:
--   person_name       canonical name of the person
--   title             as stated, e.g. 'Secretary of Commerce'
--   affiliation_name  organisation or country of the title (NULL if none stated)
--   article_count     articles stating it, over all sources
--   sources           publishers (or input files) stating it, alphabetical
select
    person_name,
    title,
    affiliation_name,
    sum(article_count) as article_count,
    list(distinct source order by source) as sources
from people_roles
group by person_entity_id, person_name, title, affiliation_entity_id, affiliation_name
order by article_count desc, person_name, title, affiliation_name nulls last
