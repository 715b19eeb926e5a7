-- Records the result ($3, jsonb) of a job's ($1) batch ($2) in the transaction that saves its images, unless a run
-- of the batch already did: no row then, and that run's save stands. Locks: the lumina.job_batches row.
UPDATE lumina.job_batches SET result = $3 WHERE job_id = $1 AND batch = $2 AND result IS NULL
