{{ config(materialized='table') }}
-- Line items of landed documents with their table and document: table kind and title, the unit
-- the row belongs to (the line's own unit in multi-unit tables, else the document's unit) and the
-- unit the table was printed in. Rows of failed documents never reach the facts.
with line_items as (
    select * from {{ ref('stg_raw__line_items') }}
),

tables as (
    select * from {{ ref('stg_raw__tables') }}
),

documents as (
    select * from {{ ref('int_documents__versions') }}
    where status = 'landed'
)

select
    li.document_id,
    li.table_id,
    t.table_kind,
    t.table_title,
    li.page_number,
    li.row_number,
    li.col_number,
    li.side,
    coalesce(li.unit_name, d.unit_name) as unit_name,
    li.unit_name as line_unit_name,
    d.unit_name as document_unit_name,
    li.subject_code,
    li.economic_code,
    li.government_economic_name,
    li.item_name,
    li.is_total,
    li.measure,
    li.amount_wan,
    -- a table that states no unit was read as 万元 (the interpreter's default)
    coalesce(t.unit_as_printed, '万元') as unit_as_printed,
    t.unit_as_printed is null as unit_is_assumed,
    li.amount_as_printed,
    li.decimals,
    coalesce(t.read_by, 'text') as read_by,
    d.fiscal_year,
    d.doc_type,
    d.scope as document_scope,
    d.is_current,
    d.ingested_at as document_ingested_at
from line_items li
join documents d on d.document_id = li.document_id
left join tables t on t.document_id = li.document_id and t.table_id = li.table_id
