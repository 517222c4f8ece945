-- 7 Dec 2026 (d2cc723): the explanation's statements (情况说明), one row per stated figure or
-- comparison word.
CREATE TABLE IF NOT EXISTS raw.text_figures (
    document_id VARCHAR NOT NULL, statement_index INTEGER NOT NULL, page_number INTEGER,
    sentence VARCHAR, section VARCHAR, subsection VARCHAR, subject VARCHAR, subject_code VARCHAR,
    figure_kind VARCHAR NOT NULL, figure DECIMAL(20, 6), figure_as_printed VARCHAR,
    decimals INTEGER, unit_as_printed VARCHAR, amount_wan DECIMAL(20, 6), direction VARCHAR,
    compared_to VARCHAR, comparison VARCHAR, measure VARCHAR
);
