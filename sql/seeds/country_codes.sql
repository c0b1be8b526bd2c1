-- Seed: ISO 3166-1 alpha-2 -> the CAMEO 3-letter country code (ISO alpha-3 for countries), read
-- by gdelt_events. Loaded from country_codes.csv beside this file each time the schema is applied.
create or replace table country_codes as
select
    iso_alpha2,
    cameo_country
from read_csv($seed_file, header = true, columns = {'iso_alpha2': 'varchar', 'cameo_country': 'varchar'})
