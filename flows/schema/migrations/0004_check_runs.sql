-- 29 Nov 2026 (f33d700, incremental checks): one row per run of the checks: which documents it
-- covered ('all' or 'changed': the documents a run landed and their cross-document neighbours)
-- and the version of the checks' code (expectations/runner.py: checks_code_version)
CREATE TABLE IF NOT EXISTS dq.check_runs (
    run_id VARCHAR, checked_at TIMESTAMP, scope VARCHAR, code_version VARCHAR, documents INTEGER
);
