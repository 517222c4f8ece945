-- Printed figures that are not money (vehicles, staff, floor area).
select
    lower(trim(document_id)) as document_id,
    table_id,
    page_number,
    {{ clean_text('item_name') }} as item_name,
    cast(value as decimal(20, 6)) as value,
    {{ clean_text('unit_as_printed') }} as unit_as_printed
from {{ source('raw', 'statistics') }}
