-- One row per printed table recognised in a document.
select
    lower(trim(document_id)) as document_id,
    table_id,
    nullif(lower(trim(table_kind)), '') as table_kind,
    {{ clean_text('table_title') }} as table_title,
    page_from,
    page_to,
    {{ clean_text('unit_as_printed') }} as unit_as_printed,
    coalesce(is_empty, false) as is_empty,
    {{ clean_text('unit_name') }} as unit_name,
    {{ clean_text('number_label') }} as number_label,
    notes_json,
    row_count,
    coalesce(nullif(lower(trim(read_by)), ''), 'text') as read_by,
    {{ clean_text('sheet_name') }} as sheet_name
from {{ source('raw', 'tables') }}
