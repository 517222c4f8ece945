-- Economic-classification codes as documents print them, with the row label as a name.
select
    economic_code,
    {{ strip_enumeration("regexp_replace(item_name, '^[0-9][0-9 ]*', '')") }} as economic_name,
    government_economic_name,
    document_id
from {{ ref('int_line_items__enriched') }}
where economic_code is not null
