-- The explanation's statements (情况说明): one row per stated figure or comparison word.
select
    lower(trim(document_id)) as document_id,
    statement_index,
    page_number,
    {{ clean_text('sentence') }} as sentence,
    {{ clean_text('section') }} as section,
    {{ clean_text('subsection') }} as subsection,
    {{ clean_text('subject') }} as subject,
    {{ digits_only('subject_code') }} as subject_code,
    lower(trim(figure_kind)) as figure_kind,
    {{ money('figure') }} as figure,
    {{ clean_text('figure_as_printed') }} as figure_as_printed,
    decimals,
    {{ clean_text('unit_as_printed') }} as unit_as_printed,
    {{ money('amount_wan') }} as amount_wan,
    nullif(trim(direction), '') as direction,
    {{ clean_text('compared_to') }} as compared_to,
    {{ clean_text('comparison') }} as comparison,
    lower(trim(measure)) as measure
from {{ source('raw', 'text_figures') }}
