-- GDELT-compatible view of newsflow events, so existing GDELT analyses run on newsflow data.
-- One row per (source, target) dyad of an event, as the CAMEO coders emit them: every source
-- paired with every target; an event with several sources and no target ("Japan and the US
-- agreed to cooperate") gives each ordered pair of sources (JPN -> USA and USA -> JPN); an event
-- with one side only gives one row per participant with the other side empty.
-- Actor*Code is the participant's CAMEO actor code (event_participants.actor_code: country +
-- role, e.g. GBRGOV); Actor*CountryCode the CAMEO 3-letter country (ISO 3166-1 alpha-3 for
-- countries), from the participant's actor country, else the entity's, else the country
-- stated with its title in that article; Actor*Type1Code the role (GOV, JUD, BUS, ...).
-- NumMentions counts the newsflow events with the same code, actors and date (one per article
-- after de-duplication), NumArticles their distinct articles and NumSources their distinct
-- sources (articles.source_name, else the article).
-- ActionGeo_* describe the event's place (events.location_entity_id), Actor1Geo_*/Actor2Geo_*
-- the actor when it is a place itself, else the country its article states for it
-- (stated_countries), as that country's entity. *_Type is GDELT's: 1 country, 2 US state,
-- 3 US city, 4 world city, 5 world state (first-level division). Unlike GDELT (FIPS 10-4),
-- *_CountryCode is ISO 3166-1 alpha-2 and *_ADM1Code that plus GeoNames' division code
-- ("USTX", "GBENG"); *_FeatureID is the GeoNames id. The ISO alpha-2 -> CAMEO country table is
-- the seed sql/seeds/country_codes.csv (the table country_codes).
create or replace view gdelt_events as
with geo as (
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

-- A country's place: its entity (one entity a country).
country_geo as (
    select distinct on (country_code) *
    from geo
    where geo_type = 1
    order by country_code, entity_id
),

participants as (
    select
        participants.event_id,
        participants.role,
        participants.entity_id,
        entities.canonical_name,
        participants.actor_code,
        participants.actor_role_code,
        country_codes.cameo_country,
        -- the actor's place: itself when it is a place, else the country stated for it
        coalesce(own_geo.geo_type, stated_geo.geo_type) as geo_type,
        coalesce(own_geo.full_name, stated_geo.full_name) as geo_name,
        coalesce(own_geo.country_code, stated_geo.country_code) as geo_country,
        coalesce(own_geo.adm1_code, stated_geo.adm1_code) as geo_adm1,
        coalesce(own_geo.latitude, stated_geo.latitude) as geo_lat,
        coalesce(own_geo.longitude, stated_geo.longitude) as geo_long,
        coalesce(own_geo.geonames_id, stated_geo.geonames_id) as geo_feature
    from event_participants as participants
    inner join events on events.event_id = participants.event_id
    inner join entities on entities.entity_id = participants.entity_id
    left join stated_countries
        on stated_countries.article_id = events.article_id
        and stated_countries.entity_id = participants.entity_id
    left join country_codes
        on country_codes.iso_alpha2 = coalesce(
            participants.actor_country_code, entities.country_code, stated_countries.country_code
        )
    left join geo as own_geo on own_geo.entity_id = participants.entity_id
    left join country_geo as stated_geo
        on own_geo.entity_id is null and stated_geo.country_code = stated_countries.country_code
),

sources as (
    select * from participants where role = 'source'
),

targets as (
    select * from participants where role = 'target'
),

dyads as (
    -- every source with every target
    select sources.event_id, sources as actor1, targets as actor2
    from sources
    inner join targets on targets.event_id = sources.event_id
    union all
    -- co-sources with no target: each ordered pair
    select sources.event_id, sources as actor1, others as actor2
    from sources
    inner join sources as others
        on others.event_id = sources.event_id and others.entity_id <> sources.entity_id
    where not exists (select 1 from targets where targets.event_id = sources.event_id)
    union all
    -- a lone source, or targets with no source
    select sources.event_id, sources as actor1, null as actor2
    from sources
    where not exists (select 1 from targets where targets.event_id = sources.event_id)
        and not exists (
            select 1 from sources as others
            where others.event_id = sources.event_id and others.entity_id <> sources.entity_id
        )
    union all
    select targets.event_id, null as actor1, targets as actor2
    from targets
    where not exists (select 1 from sources where sources.event_id = targets.event_id)
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
        dyads.actor1.canonical_name as actor1_name,
        dyads.actor1.actor_code as actor1_code,
        dyads.actor1.cameo_country as actor1_country,
        dyads.actor1.actor_role_code as actor1_role,
        dyads.actor2.canonical_name as actor2_name,
        dyads.actor2.actor_code as actor2_code,
        dyads.actor2.cameo_country as actor2_country,
        dyads.actor2.actor_role_code as actor2_role,
        places.canonical_name as place_name,
        place_geo.geo_type as action_geo_type,
        place_geo.country_code as action_geo_country,
        place_geo.adm1_code as action_geo_adm1,
        place_geo.latitude as action_geo_lat,
        place_geo.longitude as action_geo_long,
        place_geo.geonames_id as action_geo_feature,
        dyads.actor1.geo_type as actor1_geo_type,
        dyads.actor1.geo_name as actor1_geo_name,
        dyads.actor1.geo_country as actor1_geo_country,
        dyads.actor1.geo_adm1 as actor1_geo_adm1,
        dyads.actor1.geo_lat as actor1_geo_lat,
        dyads.actor1.geo_long as actor1_geo_long,
        dyads.actor1.geo_feature as actor1_geo_feature,
        dyads.actor2.geo_type as actor2_geo_type,
        dyads.actor2.geo_name as actor2_geo_name,
        dyads.actor2.geo_country as actor2_geo_country,
        dyads.actor2.geo_adm1 as actor2_geo_adm1,
        dyads.actor2.geo_lat as actor2_geo_lat,
        dyads.actor2.geo_long as actor2_geo_long,
        dyads.actor2.geo_feature as actor2_geo_feature,
        coalesce(articles.source_name, articles.article_id) as source_name,
        coalesce(articles.url, articles.source_uri, '') as source_url
    from dyads
    inner join events on events.event_id = dyads.event_id
    inner join articles on articles.article_id = events.article_id
    left join entities as places on places.entity_id = events.location_entity_id
    left join geo as place_geo on place_geo.entity_id = events.location_entity_id
)

select
    event_id as GLOBALEVENTID,
    cast(strftime(event_date, '%Y%m%d') as integer) as SQLDATE,
    actor1_code as Actor1Code,
    actor1_name as Actor1Name,
    actor1_country as Actor1CountryCode,
    actor1_role as Actor1Type1Code,
    actor2_code as Actor2Code,
    actor2_name as Actor2Name,
    actor2_country as Actor2CountryCode,
    actor2_role as Actor2Type1Code,
    cameo_code as EventCode,
    substr(cameo_code, 1, 3) as EventBaseCode,
    cameo_root as EventRootCode,
    quad_class as QuadClass,
    goldstein as GoldsteinScale,
    count(*) over same_event as NumMentions,
    count(distinct source_name) over same_event as NumSources,
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
