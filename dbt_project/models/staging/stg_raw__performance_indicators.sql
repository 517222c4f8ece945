-- One row per performance indicator (三级指标).
select
    lower(trim(document_id)) as document_id,
    {{ clean_text('project_key') }} as project_key,
    {{ clean_text('project_name') }} as project_name,
    coalesce(nullif(lower(trim(period)), ''), 'annual') as period,
    {{ clean_text('level1') }} as level1,
    {{ clean_text('level2') }} as level2,
    {{ clean_text('indicator_name') }} as indicator_name,
    {{ clean_text('target_value') }} as target_value,
    nullif(trim(target_operator), '') as target_operator,
    target_number,
    {{ clean_text('target_unit') }} as target_unit,
    {{ clean_text('actual_value') }} as actual_value,
    {{ money('weight') }} as weight,
    {{ money('score') }} as score,
    page_number
from {{ source('raw', 'performance_indicators') }}
