-- One row per distinct content offered, failed ones included.
select
    lower(trim(document_id)) as document_id,
    {{ clean_text('source_uri') }} as source_uri,
    {{ clean_text('file_name') }} as file_name,
    lower(trim(format)) as format,
    {{ clean_text('doc_title') }} as doc_title,
    {{ clean_text('unit_name') }} as unit_name,
    {{ clean_text('unit_code') }} as unit_code,
    {{ digits_only('region_code') }} as region_code,
    cast(fiscal_year as integer) as fiscal_year,
    nullif(lower(trim(doc_type)), '') as doc_type,
    nullif(lower(trim(scope)), '') as scope,
    page_count,
    lower(trim(status)) as status,
    {{ clean_text('error_message') }} as error_message,
    parser_version,
    ingested_at,
    byte_size,
    warnings_json
from {{ source('raw', 'documents') }}
