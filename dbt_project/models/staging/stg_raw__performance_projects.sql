-- One row per project of a performance target or self-evaluation table.
select
    lower(trim(document_id)) as document_id,
    {{ clean_text('project_key') }} as project_key,
    page_number,
    {{ clean_text('project_name') }} as project_name,
    {{ digits_only('project_code') }} as project_code,
    {{ clean_text('unit_name') }} as unit_name,
    {{ clean_text('department_name') }} as department_name,
    lower(trim(kind)) as kind,
    {{ money('annual_amount_wan') }} as annual_amount_wan,
    {{ money('total_amount_wan') }} as total_amount_wan,
    {{ money('executed_amount_wan') }} as executed_amount_wan,
    {{ money('execution_rate') }} as execution_rate,
    {{ money('total_score') }} as total_score,
    {{ clean_text('grade') }} as grade,
    extra_json
from {{ source('raw', 'performance_projects') }}
