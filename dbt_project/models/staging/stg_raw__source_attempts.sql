-- Every attempt to read a source, landed or failed.
select
    run_id,
    {{ clean_text('source_uri') }} as source_uri,
    attempted_at,
    lower(trim(status)) as status,
    {{ clean_text('error_message') }} as error_message,
    nullif(lower(trim(document_id)), '') as document_id,
    metadata_json
from {{ source('raw', 'source_attempts') }}
