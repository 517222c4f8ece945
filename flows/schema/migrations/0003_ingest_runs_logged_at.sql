-- 29 Nov 2026 (981ca48): when a run was logged, so that a run killed after landing but before
-- its build makes the next run build the marts.
ALTER TABLE raw.ingest_runs ADD COLUMN IF NOT EXISTS logged_at TIMESTAMP;
