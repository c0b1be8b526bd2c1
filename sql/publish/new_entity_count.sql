-- How many of the run's staged entities the warehouse does not know yet.
select count(distinct entity_id) from staging.entities anti join main.entities using (entity_id)
