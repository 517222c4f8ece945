-- Function-classification codes as documents print them, with the row label as a name
-- (enumeration such as "一、" and a leading printed code removed).
select
    subject_code,
    {{ strip_enumeration("regexp_replace(item_name, '^[0-9][0-9 ]*', '')") }} as subject_name,
    document_id,
    document_ingested_at
from {{ ref('int_line_items__enriched') }}
where subject_code is not null
