-- Printed figures that are not money (vehicles, floor area, staff numbers) of landed documents.
select
    s.document_id,
    s.table_id,
    t.table_kind,
    s.page_number,
    d.unit_name,
    s.item_name,
    s.value,
    s.unit_as_printed,
    d.fiscal_year,
    d.doc_type,
    d.is_current
from {{ ref('stg_raw__statistics') }} s
join {{ ref('int_documents__versions') }} d
  on d.document_id = s.document_id and d.status = 'landed'
left join {{ ref('stg_raw__tables') }} t
  on t.document_id = s.document_id and t.table_id = s.table_id
