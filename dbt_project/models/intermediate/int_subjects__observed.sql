-- Function-classification codes as documents print them, with the row label as a name
-- (enumeration such as "一、" and a leading printed code removed). On rows of project tables the
-- label is a project's name, not the subject's: the code counts, the name is NULL.
select
    subject_code,
    case when coalesce(table_kind, '') not in ('project_expenditure', 'project_expenditure_carry_over')
         then {{ strip_enumeration("regexp_replace(item_name, '^[0-9][0-9 ]*', '')") }}
    end as subject_name,
    document_id,
    fiscal_year as document_fiscal_year,
    document_ingested_at
from {{ ref('int_line_items__enriched') }}
where subject_code is not null
