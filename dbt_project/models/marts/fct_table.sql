-- One row per printed table recognised in a landed document, empty ones included.
select
    t.document_id,
    t.table_id,
    t.table_kind,
    t.table_title,
    t.page_from,
    t.page_to,
    t.unit_as_printed,
    t.is_empty,
    coalesce(t.row_count, 0) as row_count,
    t.number_label,
    t.unit_name as unit_name_as_printed,
    t.notes_json,
    t.read_by,
    t.sheet_name,
    d.is_current
from {{ ref('stg_raw__tables') }} t
join {{ ref('int_documents__versions') }} d
  on d.document_id = t.document_id and d.status = 'landed'
