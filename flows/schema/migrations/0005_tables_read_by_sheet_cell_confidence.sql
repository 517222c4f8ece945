-- 7 Dec 2026 (dedd277, issue 14): how a table's figures were read (text layer, OCR, HTML,
-- spreadsheet), the spreadsheet's sheet, and an OCR cell's confidence.
ALTER TABLE raw.tables ADD COLUMN IF NOT EXISTS read_by VARCHAR;
ALTER TABLE raw.tables ADD COLUMN IF NOT EXISTS sheet_name VARCHAR;
ALTER TABLE raw.cells ADD COLUMN IF NOT EXISTS confidence DOUBLE;
