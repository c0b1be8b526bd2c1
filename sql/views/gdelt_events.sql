-- GDELT-compatible view of newsflow events, so existing GDELT analyses run on newsflow data.
-- One row per event: Actor1 = its first source (by name), Actor2 = its first target.
-- Actor*CountryCode is the CAMEO 3-letter code; for countries it equals ISO 3166-1 alpha-3
-- (mapped from entities.country_code, alpha-2, by the table below, generated from pycountry).
-- NumMentions/NumArticles count the newsflow events (one per article after de-duplication)
-- with the same code, actors and date.
-- ActionGeo_* describe the event's place (events.location_entity_id), Actor1Geo_*/Actor2Geo_*
-- the actor when it is a place itself, else the country its article states for it
-- (stated_countries), as that country's entity. *_Type is GDELT's: 1 country, 2 US state,
-- 3 US city, 4 world city, 5 world state (first-level division). Unlike GDELT (FIPS 10-4),
-- *_CountryCode is ISO 3166-1 alpha-2 and *_ADM1Code that plus GeoNames' division code
-- ("USTX", "GBENG"); *_FeatureID is the GeoNames id.
create or replace view gdelt_events as
with country_codes (iso_alpha2, cameo_country) as (
    values
        ('AD', 'AND'), ('AE', 'ARE'), ('AF', 'AFG'), ('AG', 'ATG'), ('AI', 'AIA'), ('AL', 'ALB'),
        ('AM', 'ARM'), ('AO', 'AGO'), ('AQ', 'ATA'), ('AR', 'ARG'), ('AS', 'ASM'), ('AT', 'AUT'),
        ('AU', 'AUS'), ('AW', 'ABW'), ('AX', 'ALA'), ('AZ', 'AZE'), ('BA', 'BIH'), ('BB', 'BRB'),
        ('BD', 'BGD'), ('BE', 'BEL'), ('BF', 'BFA'), ('BG', 'BGR'), ('BH', 'BHR'), ('BI', 'BDI'),
        ('BJ', 'BEN'), ('BL', 'BLM'), ('BM', 'BMU'), ('BN', 'BRN'), ('BO', 'BOL'), ('BQ', 'BES'),
        ('BR', 'BRA'), ('BS', 'BHS'), ('BT', 'BTN'), ('BV', 'BVT'), ('BW', 'BWA'), ('BY', 'BLR'),
        ('BZ', 'BLZ'), ('CA', 'CAN'), ('CC', 'CCK'), ('CD', 'COD'), ('CF', 'CAF'), ('CG', 'COG'),
        ('CH', 'CHE'), ('CI', 'CIV'), ('CK', 'COK'), ('CL', 'CHL'), ('CM', 'CMR'), ('CN', 'CHN'),
        ('CO', 'COL'), ('CR', 'CRI'), ('CU', 'CUB'), ('CV', 'CPV'), ('CW', 'CUW'), ('CX', 'CXR'),
        ('CY', 'CYP'), ('CZ', 'CZE'), ('DE', 'DEU'), ('DJ', 'DJI'), ('DK', 'DNK'), ('DM', 'DMA'),
        ('DO', 'DOM'), ('DZ', 'DZA'), ('EC', 'ECU'), ('EE', 'EST'), ('EG', 'EGY'), ('EH', 'ESH'),
        ('ER', 'ERI'), ('ES', 'ESP'), ('ET', 'ETH'), ('FI', 'FIN'), ('FJ', 'FJI'), ('FK', 'FLK'),
        ('FM', 'FSM'), ('FO', 'FRO'), ('FR', 'FRA'), ('GA', 'GAB'), ('GB', 'GBR'), ('GD', 'GRD'),
        ('GE', 'GEO'), ('GF', 'GUF'), ('GG', 'GGY'), ('GH', 'GHA'), ('GI', 'GIB'), ('GL', 'GRL'),
        ('GM', 'GMB'), ('GN', 'GIN'), ('GP', 'GLP'), ('GQ', 'GNQ'), ('GR', 'GRC'), ('GS', 'SGS'),
        ('GT', 'GTM'), ('GU', 'GUM'), ('GW', 'GNB'), ('GY', 'GUY'), ('HK', 'HKG'), ('HM', 'HMD'),
        ('HN', 'HND'), ('HR', 'HRV'), ('HT', 'HTI'), ('HU', 'HUN'), ('ID', 'IDN'), ('IE', 'IRL'),
        ('IL', 'ISR'), ('IM', 'IMN'), ('IN', 'IND'), ('IO', 'IOT'), ('IQ', 'IRQ'), ('IR', 'IRN'),
        ('IS', 'ISL'), ('IT', 'ITA'), ('JE', 'JEY'), ('JM', 'JAM'), ('JO', 'JOR'), ('JP', 'JPN'),
        ('KE', 'KEN'), ('KG', 'KGZ'), ('KH', 'KHM'), ('KI', 'KIR'), ('KM', 'COM'), ('KN', 'KNA'),
        ('KP', 'PRK'), ('KR', 'KOR'), ('KW', 'KWT'), ('KY', 'CYM'), ('KZ', 'KAZ'), ('LA', 'LAO'),
        ('LB', 'LBN'), ('LC', 'LCA'), ('LI', 'LIE'), ('LK', 'LKA'), ('LR', 'LBR'), ('LS', 'LSO'),
        ('LT', 'LTU'), ('LU', 'LUX'), ('LV', 'LVA'), ('LY', 'LBY'), ('MA', 'MAR'), ('MC', 'MCO'),
        ('MD', 'MDA'), ('ME', 'MNE'), ('MF', 'MAF'), ('MG', 'MDG'), ('MH', 'MHL'), ('MK', 'MKD'),
        ('ML', 'MLI'), ('MM', 'MMR'), ('MN', 'MNG'), ('MO', 'MAC'), ('MP', 'MNP'), ('MQ', 'MTQ'),
        ('MR', 'MRT'), ('MS', 'MSR'), ('MT', 'MLT'), ('MU', 'MUS'), ('MV', 'MDV'), ('MW', 'MWI'),
        ('MX', 'MEX'), ('MY', 'MYS'), ('MZ', 'MOZ'), ('NA', 'NAM'), ('NC', 'NCL'), ('NE', 'NER'),
        ('NF', 'NFK'), ('NG', 'NGA'), ('NI', 'NIC'), ('NL', 'NLD'), ('NO', 'NOR'), ('NP', 'NPL'),
        ('NR', 'NRU'), ('NU', 'NIU'), ('NZ', 'NZL'), ('OM', 'OMN'), ('PA', 'PAN'), ('PE', 'PER'),
        ('PF', 'PYF'), ('PG', 'PNG'), ('PH', 'PHL'), ('PK', 'PAK'), ('PL', 'POL'), ('PM', 'SPM'),
        ('PN', 'PCN'), ('PR', 'PRI'), ('PS', 'PSE'), ('PT', 'PRT'), ('PW', 'PLW'), ('PY', 'PRY'),
        ('QA', 'QAT'), ('RE', 'REU'), ('RO', 'ROU'), ('RS', 'SRB'), ('RU', 'RUS'), ('RW', 'RWA'),
        ('SA', 'SAU'), ('SB', 'SLB'), ('SC', 'SYC'), ('SD', 'SDN'), ('SE', 'SWE'), ('SG', 'SGP'),
        ('SH', 'SHN'), ('SI', 'SVN'), ('SJ', 'SJM'), ('SK', 'SVK'), ('SL', 'SLE'), ('SM', 'SMR'),
        ('SN', 'SEN'), ('SO', 'SOM'), ('SR', 'SUR'), ('SS', 'SSD'), ('ST', 'STP'), ('SV', 'SLV'),
        ('SX', 'SXM'), ('SY', 'SYR'), ('SZ', 'SWZ'), ('TC', 'TCA'), ('TD', 'TCD'), ('TF', 'ATF'),
        ('TG', 'TGO'), ('TH', 'THA'), ('TJ', 'TJK'), ('TK', 'TKL'), ('TL', 'TLS'), ('TM', 'TKM'),
        ('TN', 'TUN'), ('TO', 'TON'), ('TR', 'TUR'), ('TT', 'TTO'), ('TV', 'TUV'), ('TW', 'TWN'),
        ('TZ', 'TZA'), ('UA', 'UKR'), ('UG', 'UGA'), ('UM', 'UMI'), ('US', 'USA'), ('UY', 'URY'),
        ('UZ', 'UZB'), ('VA', 'VAT'), ('VC', 'VCT'), ('VE', 'VEN'), ('VG', 'VGB'), ('VI', 'VIR'),
        ('VN', 'VNM'), ('VU', 'VUT'), ('WF', 'WLF'), ('WS', 'WSM'), ('YE', 'YEM'), ('YT', 'MYT'),
        ('ZA', 'ZAF'), ('ZM', 'ZMB'), ('ZW', 'ZWE')
),

geo as (
    select
        entity_id,
        canonical_name as full_name,
        country_code,
        case feature_class
            when 'country' then 1
            when 'admin1' then case when country_code = 'US' then 2 else 5 end
            when 'city' then case when country_code = 'US' then 3 else 4 end
        end as geo_type,
        case when feature_class in ('admin1', 'city') then country_code || admin1_code
             when feature_class = 'country' then country_code end as adm1_code,
        latitude,
        longitude,
        geonames_id
    from entities
    where latitude is not null
),

actors as (
    select
        participants.event_id,
        participants.entity_id,
        stated_countries.country_code as stated_country_code,
        participants.role,
        entities.canonical_name,
        country_codes.cameo_country,
        row_number() over (
            partition by participants.event_id, participants.role
            order by entities.canonical_name
        ) as position
    from event_participants as participants
    inner join events on events.event_id = participants.event_id
    inner join entities on entities.entity_id = participants.entity_id
    left join stated_countries
        on stated_countries.article_id = events.article_id
        and stated_countries.entity_id = participants.entity_id
    left join country_codes
        on country_codes.iso_alpha2 = coalesce(entities.country_code, stated_countries.country_code)
),

-- An actor's place: itself when it is a place, else its stated country (one entity a country).
country_geo as (
    select distinct on (country_code) *
    from geo
    where geo_type = 1
    order by country_code, entity_id
),

actor_geo as (
    select actors.event_id, actors.role, actors.position, geo.* exclude (entity_id)
    from actors
    inner join geo on geo.entity_id = actors.entity_id
    union all
    select actors.event_id, actors.role, actors.position, country_geo.* exclude (entity_id)
    from actors
    inner join country_geo on country_geo.country_code = actors.stated_country_code
    where actors.entity_id not in (select entity_id from geo)
),

coded as (
    select
        events.event_id,
        events.article_id,
        events.event_date,
        events.cameo_code,
        events.cameo_root,
        events.quad_class,
        events.goldstein,
        events.modality,
        source_actor.canonical_name as actor1_name,
        source_actor.cameo_country as actor1_country,
        target_actor.canonical_name as actor2_name,
        target_actor.cameo_country as actor2_country,
        places.canonical_name as place_name,
        place_geo.geo_type as action_geo_type,
        place_geo.country_code as action_geo_country,
        place_geo.adm1_code as action_geo_adm1,
        place_geo.latitude as action_geo_lat,
        place_geo.longitude as action_geo_long,
        place_geo.geonames_id as action_geo_feature,
        source_geo.geo_type as actor1_geo_type,
        source_geo.full_name as actor1_geo_name,
        source_geo.country_code as actor1_geo_country,
        source_geo.adm1_code as actor1_geo_adm1,
        source_geo.latitude as actor1_geo_lat,
        source_geo.longitude as actor1_geo_long,
        source_geo.geonames_id as actor1_geo_feature,
        target_geo.geo_type as actor2_geo_type,
        target_geo.full_name as actor2_geo_name,
        target_geo.country_code as actor2_geo_country,
        target_geo.adm1_code as actor2_geo_adm1,
        target_geo.latitude as actor2_geo_lat,
        target_geo.longitude as actor2_geo_long,
        target_geo.geonames_id as actor2_geo_feature,
        coalesce(articles.source_uri, '') as source_url
    from events
    inner join articles on articles.article_id = events.article_id
    left join actors as source_actor
        on source_actor.event_id = events.event_id
        and source_actor.role = 'source' and source_actor.position = 1
    left join actors as target_actor
        on target_actor.event_id = events.event_id
        and target_actor.role = 'target' and target_actor.position = 1
    left join entities as places on places.entity_id = events.location_entity_id
    left join geo as place_geo on place_geo.entity_id = events.location_entity_id
    left join actor_geo as source_geo
        on source_geo.event_id = events.event_id
        and source_geo.role = 'source' and source_geo.position = 1
    left join actor_geo as target_geo
        on target_geo.event_id = events.event_id
        and target_geo.role = 'target' and target_geo.position = 1
)

select
    event_id as GLOBALEVENTID,
    cast(strftime(event_date, '%Y%m%d') as integer) as SQLDATE,
    actor1_name as Actor1Name,
    actor1_country as Actor1CountryCode,
    actor2_name as Actor2Name,
    actor2_country as Actor2CountryCode,
    cameo_code as EventCode,
    substr(cameo_code, 1, 3) as EventBaseCode,
    cameo_root as EventRootCode,
    quad_class as QuadClass,
    goldstein as GoldsteinScale,
    count(*) over same_event as NumMentions,
    count(distinct article_id) over same_event as NumArticles,
    actor1_geo_type as Actor1Geo_Type,
    actor1_geo_name as Actor1Geo_FullName,
    actor1_geo_country as Actor1Geo_CountryCode,
    actor1_geo_adm1 as Actor1Geo_ADM1Code,
    actor1_geo_lat as Actor1Geo_Lat,
    actor1_geo_long as Actor1Geo_Long,
    actor1_geo_feature as Actor1Geo_FeatureID,
    actor2_geo_type as Actor2Geo_Type,
    actor2_geo_name as Actor2Geo_FullName,
    actor2_geo_country as Actor2Geo_CountryCode,
    actor2_geo_adm1 as Actor2Geo_ADM1Code,
    actor2_geo_lat as Actor2Geo_Lat,
    actor2_geo_long as Actor2Geo_Long,
    actor2_geo_feature as Actor2Geo_FeatureID,
    action_geo_type as ActionGeo_Type,
    place_name as ActionGeo_FullName,
    action_geo_country as ActionGeo_CountryCode,
    action_geo_adm1 as ActionGeo_ADM1Code,
    action_geo_lat as ActionGeo_Lat,
    action_geo_long as ActionGeo_Long,
    action_geo_feature as ActionGeo_FeatureID,
    source_url as SOURCEURL,
    modality as Modality,
    article_id as ArticleId
from coded
window same_event as (
    partition by cameo_code, actor1_name, actor2_name, event_date
)
