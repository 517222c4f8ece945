-- The amounts that year-over-year comparison uses, one per
-- (unit_name, doc_type, fiscal_year, table_kind, subject_code, measure), from current landed
-- documents: every coded row (summed per subject and unit), plus each table's total
-- (subject_code NULL: the first 合计/总计 row without a code, per unit and measure).
-- A department document and a unit document of one bureau are kept apart (scope is part of the
-- key). Where two current documents still give the same key, the newest one wins; where a document prints
-- two tables of one kind (政府性基金 income and expenditure), the first one is used.
with lines as (
    select *
    from {{ ref('int_line_items__enriched') }}
    where is_current and fiscal_year is not null and unit_name is not null
      and table_kind is not null
),

first_table as (
    select document_id, table_kind, min(table_id) as table_id
    from lines
    group by document_id, table_kind
),

kept as (
    select l.*
    from lines l
    join first_table f using (document_id, table_kind, table_id)
),

coded as (
    select unit_name, doc_type, document_scope as scope, fiscal_year, table_kind, subject_code,
           measure, document_id, sum(amount_wan) as amount_wan
    from kept
    where subject_code is not null
    group by all
),

total as (
    select unit_name, doc_type, document_scope as scope, fiscal_year, table_kind,
           cast(null as varchar) as subject_code, measure, document_id,
           arg_min(amount_wan, row_number * 100000 + coalesce(col_number, 0)) as amount_wan
    from kept
    where subject_code is null and is_total
    group by unit_name, doc_type, document_scope, fiscal_year, table_kind, measure, document_id
),

unioned as (
    select * from coded
    union all
    select * from total
)

select unit_name, doc_type, scope, fiscal_year, table_kind, subject_code, measure, document_id,
       cast(amount_wan as decimal(20, 6)) as amount_wan
from unioned
qualify row_number() over (
    partition by unit_name, doc_type, scope, fiscal_year, table_kind, subject_code, measure
    -- several current documents of one unit, year and type: the greatest document_id, never the
    -- newest landed (which depends on the order parse workers finish)
    order by document_id desc) = 1
