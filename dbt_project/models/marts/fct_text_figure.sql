-- The explanation's statements of landed documents: one row per figure the text (情况说明) states
-- or comparison word it uses, with its sentence, page and subject. What the text checks set against
-- the tables and against the text's own arithmetic. Use is_current for current documents.
select
    f.document_id,
    f.statement_index,
    f.page_number,
    f.sentence,
    f.section,
    f.subsection,
    f.subject,
    f.subject_code,
    f.figure_kind,
    f.figure,
    f.figure_as_printed,
    f.decimals,
    f.unit_as_printed,
    f.amount_wan,
    f.direction,
    f.compared_to,
    f.comparison,
    f.measure,
    d.unit_name,
    d.fiscal_year,
    d.doc_type,
    d.is_current,
    s.subject_name
from {{ ref('stg_raw__text_figures') }} f
join {{ ref('int_documents__versions') }} d
  on d.document_id = f.document_id and d.status = 'landed'
left join {{ ref('dim_subject') }} s on s.subject_code = f.subject_code
