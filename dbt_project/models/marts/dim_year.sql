-- One row per fiscal year that a landed document covers, with what the warehouse holds for it.
with documents as (
    select * from {{ ref('int_documents__versions') }}
    where status = 'landed' and fiscal_year is not null
)

select
    fiscal_year,
    make_date(fiscal_year, 1, 1) as year_start,
    make_date(fiscal_year, 12, 31) as year_end,
    count(*) as document_count,
    count(*) filter (where is_current) as current_document_count,
    count(*) filter (where doc_type = 'budget') as budget_document_count,
    count(*) filter (where doc_type = 'final_account') as final_account_document_count,
    count(*) filter (where doc_type = 'performance') as performance_document_count,
    count(distinct unit_name) as unit_count
from documents
group by fiscal_year
