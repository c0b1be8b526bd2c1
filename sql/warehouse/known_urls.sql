-- Canonical URLs of the articles the warehouse holds.
select url from main.articles where url is not null
