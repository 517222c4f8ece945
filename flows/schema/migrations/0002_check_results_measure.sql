-- 29 Nov 2026 (9da8523): the amount column an identity is about (CONTRACT.md allows additions).
ALTER TABLE dq.check_results ADD COLUMN IF NOT EXISTS measure VARCHAR;

-- the view again, so that its columns are the table's (measure last)
CREATE OR REPLACE VIEW dq.latest_check_results AS
SELECT c.* FROM dq.check_results c
JOIN (SELECT document_id, max(checked_at) AS checked_at FROM dq.check_results
      GROUP BY document_id) l
  ON c.document_id IS NOT DISTINCT FROM l.document_id AND c.checked_at = l.checked_at;
