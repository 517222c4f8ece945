-- Every unit the warehouse knows of, one row per sighting: a document's disclosing unit, and the
-- units of multi-unit tables' rows (whose parent is the document's unit).
with documents as (
    select * from {{ ref('int_documents__versions') }}
    where status = 'landed' and unit_name is not null
),

lines as (
    select distinct li.line_unit_name as unit_name, li.document_id
    from {{ ref('int_line_items__enriched') }} li
    where li.line_unit_name is not null
      and li.line_unit_name is distinct from li.document_unit_name
)

select
    d.unit_name,
    d.unit_code,
    d.region_code,
    cast(null as varchar) as parent_unit_name,
    'document' as seen_as,
    d.document_id,
    d.fiscal_year,
    d.ingested_at
from documents d

union all

select
    l.unit_name,
    cast(null as varchar) as unit_code,
    d.region_code,
    d.unit_name as parent_unit_name,
    'table_row' as seen_as,
    d.document_id,
    d.fiscal_year,
    d.ingested_at
from lines l
join documents d on d.document_id = l.document_id
