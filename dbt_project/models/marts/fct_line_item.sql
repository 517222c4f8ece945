-- Every amount of every financial table of a landed document, one row per (row, measure), with
-- its place in the table's row hierarchy (int_line_items__hierarchy: parent, level, leaf).
select
    li.document_id,
    li.table_id,
    li.table_kind,
    li.table_title,
    li.page_number,
    li.row_number,
    li.side,
    li.unit_name,
    li.subject_code,
    li.economic_code,
    li.item_name,
    li.is_total,
    li.measure,
    cast(li.amount_wan as decimal(20, 6)) as amount_wan,
    li.unit_as_printed,
    li.col_number,
    li.amount_as_printed,
    li.decimals,
    li.government_economic_name,
    li.unit_is_assumed,
    li.read_by,
    li.fiscal_year,
    li.doc_type,
    li.is_current,
    h.line_item_id,
    h.parent_line_item_id,
    h.root_line_item_id,
    h.item_level,
    h.is_leaf,
    h.hierarchy_basis,
    s.subject_name
from {{ ref('int_line_items__enriched') }} li
left join {{ ref('dim_subject') }} s on s.subject_code = li.subject_code
left join {{ ref('int_line_items__hierarchy') }} h on h.line_item_id = {{ line_item_id('li.') }}
