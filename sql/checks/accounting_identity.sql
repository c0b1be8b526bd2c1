-- Every input seen in a run is accounted for: an article, a duplicate or a rejection.
select 'inputs_seen = articles_new + articles_duplicate + inputs_rejected' as rule,
       count(*) as violations
from pipeline_runs
where finished_at is not null
  and inputs_seen <> articles_new + articles_duplicate + inputs_rejected
