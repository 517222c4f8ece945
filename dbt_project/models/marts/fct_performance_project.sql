-- One row per project in a performance table of a landed document.
select
    p.document_id,
    p.project_key,
    p.page_number,
    p.project_name,
    p.project_code,
    p.unit_name,
    p.kind,
    p.annual_amount_wan,
    p.total_amount_wan,
    p.executed_amount_wan,
    p.execution_rate,
    p.total_score,
    p.grade,
    p.department_name,
    p.extra_json,
    -- a self-evaluation's 年初预算数 (its 项目资金 block is in 万元): what was budgeted at the start of
    -- the year, before adjustments (annual_amount_wan is the 全年预算数)
    case when p.kind = 'self_evaluation' and json_valid(p.extra_json)
         then try_cast(replace(json_extract_string(p.extra_json, '$.年初预算数'), ',', '') as decimal(20, 6))
    end as initial_budget_wan,
    d.fiscal_year,
    d.doc_type,
    d.is_current
from {{ ref('stg_raw__performance_projects') }} p
join {{ ref('int_documents__versions') }} d
  on d.document_id = p.document_id and d.status = 'landed'
