-- The country a person (or company) is stated to belong to in one article, from the
-- affiliation given with their title ("US Secretary of Commerce Gina Raimondo" -> US).
-- People and companies have no country_code of their own; GDELT-style country views use this.
-- Columns:
--   article_id    the article that states the affiliation
--   entity_id     the person (entity_roles.person_entity_id)
--   country_code  ISO 3166-1 alpha-2 of the affiliation
create or replace view stated_countries as
select distinct
    entity_roles.article_id,
    entity_roles.person_entity_id as entity_id,
    affiliations.country_code
from entity_roles
inner join entities as affiliations
    on affiliations.entity_id = entity_roles.affiliation_entity_id
where affiliations.country_code is not null
