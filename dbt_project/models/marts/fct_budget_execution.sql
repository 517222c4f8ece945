-- Budget against final account per unit, year and subject (NULL subject_code: the total), from
-- current landed documents (see int_budget_execution__sides for which table and column).
-- budget_wan is the budget document's figure, else the 预算数 the final account quotes;
-- execution_rate = final_wan / budget_wan in percent (NULL when budget_wan is NULL or 0).
with sides as (
    select *, coalesce(subject_code, '') as subject_key
    from {{ ref('int_budget_execution__sides') }}
),

budget as (select * from sides where doc_type = 'budget'),

final as (select * from sides where doc_type = 'final_account'),

joined as (
    select
        coalesce(b.unit_name, f.unit_name) as unit_name,
        coalesce(b.fiscal_year, f.fiscal_year) as fiscal_year,
        coalesce(b.subject_code, f.subject_code) as subject_code,
        coalesce(b.amount_wan, f.quoted_budget_wan) as budget_wan,
        case when b.amount_wan is not null then 'budget_document'
             when f.quoted_budget_wan is not null then 'final_account_quote' end as budget_source,
        f.amount_wan as final_wan,
        b.document_id as budget_document_id,
        f.document_id as final_document_id,
        b.table_kind as budget_table_kind,
        f.table_kind as final_table_kind
    from budget b
    full outer join final f
      on f.unit_name = b.unit_name
     and f.fiscal_year = b.fiscal_year
     and f.subject_key = b.subject_key
)

select
    unit_name,
    fiscal_year,
    subject_code,
    cast(budget_wan as decimal(20, 6)) as budget_wan,
    cast(final_wan as decimal(20, 6)) as final_wan,
    cast(case when budget_wan <> 0 then round(final_wan * 100 / budget_wan, 6) end
         as decimal(20, 6)) as execution_rate,
    budget_document_id,
    final_document_id,
    budget_source,
    budget_table_kind,
    final_table_kind,
    s.subject_name
from joined
left join {{ ref('dim_subject') }} s using (subject_code)
