-- Who held which title, per source: one row per (person, title, affiliation, source).
-- The source is the publisher (articles.source_name) when known, else the input file the
-- article came from (articles.source_uri without its '#L<n>' / '#<n>' record suffix).
-- Columns:
--   person_entity_id, person_name, person_country_code
--   title                   as stated, e.g. 'Minister of Economy, Trade and Industry'
--   affiliation_entity_id   NULL if no affiliation was stated
--   affiliation_name        NULL if no affiliation was stated
--   source                  publisher or input file
--   article_count           articles of that source stating this title
--   first_published_at, last_published_at   publication range of those articles (NULL if undated)
--   article_ids             those articles, sorted
-- Rows are ordered by person name, title, then source.
create or replace view people_roles as
with stated_roles as (
    select distinct
        entity_roles.person_entity_id,
        entity_roles.title,
        entity_roles.affiliation_entity_id,
        entity_roles.article_id,
        coalesce(articles.source_name, regexp_replace(articles.source_uri, '#[^#/]*$', ''))
            as source,
        articles.published_at
    from entity_roles
    inner join articles on articles.article_id = entity_roles.article_id
),

roles_per_source as (
    select
        person_entity_id,
        title,
        affiliation_entity_id,
        source,
        count(distinct article_id) as article_count,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        list(distinct article_id order by article_id) as article_ids
    from stated_roles
    group by person_entity_id, title, affiliation_entity_id, source
)

select
    roles_per_source.person_entity_id,
    persons.canonical_name as person_name,
    persons.country_code as person_country_code,
    roles_per_source.title,
    roles_per_source.affiliation_entity_id,
    affiliations.canonical_name as affiliation_name,
    roles_per_source.source,
    roles_per_source.article_count,
    roles_per_source.first_published_at,
    roles_per_source.last_published_at,
    roles_per_source.article_ids
from roles_per_source
inner join entities as persons on persons.entity_id = roles_per_source.person_entity_id
left join entities as affiliations
    on affiliations.entity_id = roles_per_source.affiliation_entity_id
order by persons.canonical_name, roles_per_source.title, roles_per_source.source
