-- One row per performance indicator (三级指标) of a landed document.
select
    i.document_id,
    i.project_key,
    i.project_name,
    i.period,
    i.level1,
    i.level2,
    i.indicator_name,
    i.target_value,
    i.target_operator,
    i.target_number,
    i.target_unit,
    i.actual_value,
    i.weight,
    i.score,
    i.page_number,
    d.fiscal_year,
    d.doc_type,
    d.is_current
from {{ ref('stg_raw__performance_indicators') }} i
join {{ ref('int_documents__versions') }} d
  on d.document_id = i.document_id and d.status = 'landed'
