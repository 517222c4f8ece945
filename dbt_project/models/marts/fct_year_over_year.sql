-- Each amount of a current document against the same unit's, doc type's, scope's, table kind's, subject's
-- and measure's amount a year earlier (see int_year_over_year__amounts for which rows).
-- Rows appear where the unit has a current document of the same doc_type for the prior year with
-- a table of that kind; prior_amount_wan is NULL where that table does not print the subject.
-- change_pct is in percent (NULL when the prior amount is NULL or 0).
with amounts as (
    select *, coalesce(subject_code, '') as subject_key, coalesce(scope, '') as scope_key
    from {{ ref('int_year_over_year__amounts') }}
),

prior_tables as (
    select unit_name, doc_type, scope_key, fiscal_year, table_kind,
           mode(document_id) as document_id
    from amounts
    group by unit_name, doc_type, scope_key, fiscal_year, table_kind
)

select
    c.unit_name,
    c.fiscal_year,
    c.table_kind,
    c.subject_code,
    c.measure,
    c.amount_wan,
    p.amount_wan as prior_amount_wan,
    cast(c.amount_wan - p.amount_wan as decimal(20, 6)) as change_wan,
    cast(case when p.amount_wan <> 0
              then round((c.amount_wan - p.amount_wan) * 100 / p.amount_wan, 6) end
         as decimal(20, 6)) as change_pct,
    c.document_id,
    pt.document_id as prior_document_id,
    c.doc_type,
    c.scope,
    s.subject_name
from amounts c
left join {{ ref('dim_subject') }} s on s.subject_code = c.subject_code
join prior_tables pt
  on pt.unit_name = c.unit_name
 and pt.doc_type = c.doc_type
 and pt.scope_key = c.scope_key
 and pt.table_kind = c.table_kind
 and pt.fiscal_year = c.fiscal_year - 1
left join amounts p
  on p.unit_name = c.unit_name
 and p.doc_type = c.doc_type
 and p.scope_key = c.scope_key
 and p.table_kind = c.table_kind
 and p.fiscal_year = c.fiscal_year - 1
 and p.subject_key = c.subject_key
 and p.measure = c.measure
