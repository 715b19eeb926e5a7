-- What makes job work exactly-once and a job's state exact. Never edit once released: add a new numbered script instead.

-- A batch's result, saved in the transaction that saves its images: a batch activity that runs again (its host died
-- after the commit, before the result reached the orchestration) returns it instead of analyzing the images again.
ALTER TABLE lumina.job_batches ADD COLUMN result jsonb;

-- When the job's orchestration instance was created. A job without one is starting (or its start was cut short);
-- a job with one whose instance is missing is gone (purged). Jobs recorded before this column were all started.
ALTER TABLE lumina.jobs ADD COLUMN started_at timestamptz;
UPDATE lumina.jobs SET started_at = created_at;
