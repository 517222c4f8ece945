-- The two sides of budget execution, per (unit_name, fiscal_year, doc_type, subject_code):
-- the figure of one expenditure table of the unit's current budget document and of its current
-- final account.
--
-- Rules (kept simple on purpose):
-- * Only current landed documents, only rows of the document's own unit (not the unit rows of a
--   multi-unit table).
-- * The table: general_budget_expenditure (一般公共预算支出表 / 一般公共预算财政拨款支出决算表) or
--   expenditure_summary (支出总表 / 支出决算表). For one unit and year the kind both sides print
--   wins, general_budget_expenditure before expenditure_summary; the first printed table of that
--   kind is used.
-- * The document, where a side has several current ones for the unit and year (a department
--   document and a unit document of the same bureau): one whose scope the other side also has,
--   then scope department, then the greatest document_id — never the newest landed, which would
--   make the choice depend on the order in which parse workers finish (versions of one document
--   are already reduced to the current one by int_documents__versions).
-- * The figure: measure `total` (合计); on the final-account side `final` (决算数) where the table
--   sets 预算数 against 决算数, whose `budget` column is kept as `quoted_budget_wan`.
-- * subject_code NULL is the table's total: its first 合计/总计 row without a code, else the sum
--   of its 类 (3-digit) rows.
with lines as (
    select *
    from {{ ref('int_line_items__enriched') }}
    where is_current
      and doc_type in ('budget', 'final_account')
      and table_kind in ('general_budget_expenditure', 'expenditure_summary')
      and measure in ('total', 'budget', 'final')
      and (line_unit_name is null or line_unit_name = document_unit_name)
      and document_unit_name is not null
      and fiscal_year is not null
),

doc_tables as (
    select document_id, doc_type, document_unit_name as unit_name, fiscal_year, table_kind,
           document_scope as scope, min(table_id) as table_id
    from lines
    group by all
),

kind_choice as (
    select unit_name, fiscal_year, table_kind
    from doc_tables
    group by unit_name, fiscal_year, table_kind
    qualify row_number() over (
        partition by unit_name, fiscal_year
        order by count(distinct doc_type) desc,
                 case table_kind when 'general_budget_expenditure' then 0 else 1 end) = 1
),

candidates as (
    select d.*,
           count(distinct d.doc_type) over (
               partition by d.unit_name, d.fiscal_year, d.table_kind, coalesce(d.scope, '')
           ) as sides_with_scope
    from doc_tables d
    join kind_choice k using (unit_name, fiscal_year, table_kind)
),

chosen as (
    select *
    from candidates
    qualify row_number() over (
        partition by unit_name, fiscal_year, doc_type
        order by sides_with_scope desc,
                 case scope when 'department' then 0 else 1 end,
                 document_id desc) = 1
),

chosen_lines as (
    select l.*
    from lines l
    join chosen c on c.document_id = l.document_id and c.table_id = l.table_id
),

figure_measure as (
    select document_id,
           case when bool_or(doc_type = 'final_account' and measure = 'final') then 'final'
                else 'total' end as measure
    from chosen_lines
    group by document_id
),

figures as (
    select l.*, l.measure = fm.measure as is_figure, l.measure = 'budget' as is_quoted_budget
    from chosen_lines l
    join figure_measure fm using (document_id)
),

by_subject as (
    select document_id, subject_code,
           sum(amount_wan) filter (where is_figure) as amount_wan,
           sum(amount_wan) filter (where is_quoted_budget and doc_type = 'final_account') as quoted_budget_wan
    from figures
    where subject_code is not null
    group by document_id, subject_code
),

total_row as (
    select document_id,
           arg_min(amount_wan, row_number * 100000 + coalesce(col_number, 0)) filter (where is_figure) as amount_wan,
           arg_min(amount_wan, row_number * 100000 + coalesce(col_number, 0)) filter (where is_quoted_budget and doc_type = 'final_account') as quoted_budget_wan
    from figures
    where subject_code is null and is_total
    group by document_id
),

class_sum as (
    select document_id, sum(amount_wan) as amount_wan, sum(quoted_budget_wan) as quoted_budget_wan
    from by_subject
    where length(subject_code) = 3
    group by document_id
),

totals as (
    select c.document_id,
           coalesce(t.amount_wan, s.amount_wan) as amount_wan,
           coalesce(t.quoted_budget_wan, s.quoted_budget_wan) as quoted_budget_wan
    from chosen c
    left join total_row t using (document_id)
    left join class_sum s using (document_id)
)

select c.unit_name, c.fiscal_year, c.doc_type, c.document_id, c.table_id, c.table_kind, c.scope,
       b.subject_code,
       cast(b.amount_wan as decimal(20, 6)) as amount_wan,
       cast(b.quoted_budget_wan as decimal(20, 6)) as quoted_budget_wan
from chosen c
join by_subject b using (document_id)
union all
select c.unit_name, c.fiscal_year, c.doc_type, c.document_id, c.table_id, c.table_kind, c.scope,
       null as subject_code,
       cast(t.amount_wan as decimal(20, 6)) as amount_wan,
       cast(t.quoted_budget_wan as decimal(20, 6)) as quoted_budget_wan
from chosen c
join totals t using (document_id)
where t.amount_wan is not null or t.quoted_budget_wan is not null
