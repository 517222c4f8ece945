-- One amount of one row of a financial table; codes as digits only, text trimmed.
select
    lower(trim(document_id)) as document_id,
    table_id,
    page_number,
    row_number,
    col_number,
    nullif(lower(trim(side)), '') as side,
    {{ clean_text('unit_name') }} as unit_name,
    {{ digits_only('subject_code') }} as subject_code,
    {{ digits_only('economic_code') }} as economic_code,
    {{ clean_text('government_economic_name') }} as government_economic_name,
    {{ clean_text('item_name') }} as item_name,
    coalesce(is_total, false) as is_total,
    lower(trim(measure)) as measure,
    {{ money('amount_wan') }} as amount_wan,
    trim(amount_as_printed) as amount_as_printed,
    decimals
from {{ source('raw', 'line_items') }}
