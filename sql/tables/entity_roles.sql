-- A person's title and affiliation as stated in one article.
create table if not exists entity_roles (
    article_id            varchar not null,
    person_entity_id      varchar not null,
    title                 varchar not null,
    affiliation_entity_id varchar
);
