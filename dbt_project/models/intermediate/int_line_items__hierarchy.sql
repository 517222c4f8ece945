{{ config(materialized='table') }}
-- The place of each line item in its table's row hierarchy, so that a sum over leaves counts every
-- amount once. Parent and child are amounts of the same measure in the same table (and side):
-- a group is (document_id, table_id, side, measure). Five ways to find the parent, by what the
-- table prints:
--   three_public_names  三公 tables: 合计 -> 因公出国（境）费, 公务接待费, 公务用车购置及运行费 (-> 购置费,
--                       运行维护费), 会议费, 培训费 (Jiangsu). Anything else printed there (机关运行经费,
--                       Shanghai) is outside the 合计: no parent, no level.
--   project_rows        项目支出表: projects belong to the nearest unit subtotal above them (same
--                       unit); a total row directly followed by another total row is the table's
--                       total and the parent of the unit subtotals.
--   code_prefix         tables whose rows carry codes (subject_code in function-classified tables,
--                       economic_code in economic ones): the parent is the row of the longest code
--                       that is a proper prefix of the row's code (项 -> 款 -> 类); a top-level code's
--                       parent is the group's 合计 (本年支出合计 on a summary table's expenditure side)
--                       when there is exactly one. Rows without a code are outside.
--   enumeration         a table without codes whose rows print two or more enumeration styles
--                       (一、 / （一） / 1、 / （1）): a style's depth is the order in which the
--                       group first prints it; a row's parent is the nearest row above it of a
--                       shallower style, else the group's one total (收入总计 -> 一、财政拨款收入 ->
--                       1、一般公共预算).
--   flat_total          any other table with exactly one total row in the group: every other row is
--                       its child (机关运行经费表: 部门合计 -> units).
-- Rows no rule places (a summary table's income lines, 上年结转, a second total) have
-- hierarchy_basis NULL, item_level NULL and is_leaf NULL: sum them only knowing what they are.
with items as (
    select
        {{ line_item_id() }} as line_item_id,
        document_id,
        table_id,
        table_kind,
        coalesce(side, '') as side_key,
        measure,
        row_number,
        col_number,
        coalesce(unit_name, '') as unit_key,
        item_name,
        coalesce(is_total, false) as is_total,
        -- the name without enumeration (一、 ①) and brackets normalised, for the 三公 rules
        regexp_replace(replace(replace(coalesce(item_name, ''), '(', '（'), ')', '）'),
                       '^\s*[①②③④⑤⑥⑦⑧⑨⑩]?\s*([一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十0-9]+）|[0-9]+[、.．])?\s*',
                       '') as name_key,
        -- the printed enumeration style: 一、 (cn), （一） (cn_paren), 1、 (num), （1） (num_paren)
        case
            when regexp_matches(coalesce(item_name, ''), '^\s*[一二三四五六七八九十]+[、.．]') then 'cn'
            when regexp_matches(coalesce(item_name, ''), '^\s*[（(][一二三四五六七八九十]+[）)]') then 'cn_paren'
            when regexp_matches(coalesce(item_name, ''), '^\s*[0-9]+[、.．](?:[^0-9]|$)') then 'num'
            when regexp_matches(coalesce(item_name, ''), '^\s*[（(][0-9]+[）)]') then 'num_paren'
        end as enum_style,
        case
            when table_kind in ('basic_expenditure_economic', 'fiscal_basic_expenditure_economic',
                                'general_budget_expenditure_economic') then economic_code
            else subject_code
        end as code
    from {{ ref('int_line_items__enriched') }}
),

groups as (
    select
        document_id, table_id, side_key, measure,
        any_value(table_kind) as table_kind,
        count(*) filter (where is_total) as total_rows,
        count(*) filter (where code is not null and not is_total) as coded_rows,
        count(distinct enum_style) filter (where not is_total) as enum_styles
    from items
    group by all
),

-- the depth of an enumeration style: the order in which the group first prints it
enum_depths as (
    select document_id, table_id, side_key, measure, enum_style,
           dense_rank() over (partition by document_id, table_id, side_key, measure
                              order by first_row) as enum_depth
    from (
        select document_id, table_id, side_key, measure, enum_style, min(row_number) as first_row
        from items
        where enum_style is not null and not is_total
        group by document_id, table_id, side_key, measure, enum_style
    )
),

classified as (
    select
        i.*,
        case
            when i.table_kind = 'three_public' then 'three_public_names'
            when i.table_kind in ('project_expenditure', 'project_expenditure_carry_over') then 'project_rows'
            when g.coded_rows > 0 then 'code_prefix'
            when g.total_rows = 1 and g.enum_styles > 1 then 'enumeration'
            when g.total_rows = 1 then 'flat_total'
        end as basis,
        coalesce(e.enum_depth, 1) as enum_depth,
        -- 三公 roles
        case
            when i.is_total and regexp_matches(i.name_key, '合计|总计') then 'total'
            when regexp_matches(i.name_key, '购置及运行|车辆购置及运行|^公务用车费') then 'vehicles'
            when regexp_matches(i.name_key, '购置') then 'vehicle_purchase'
            when regexp_matches(i.name_key, '运行(维护|维修)?费|运维费|^公务用车运行') then 'vehicle_running'
            when regexp_matches(i.name_key, '因公出国|出国（境）|公务接待|^会议费|^培训费') then 'item'
        end as three_public_role
    from items i
    join groups g using (document_id, table_id, side_key, measure)
    left join enum_depths e using (document_id, table_id, side_key, measure, enum_style)
),

-- three_public_names -------------------------------------------------------------------------
three_public_roots as (
    select document_id, table_id, side_key, measure, min_by(line_item_id, row_number) as root_id
    from classified
    where basis = 'three_public_names' and three_public_role = 'total'
    group by all
),

three_public_vehicles as (
    select document_id, table_id, side_key, measure, min_by(line_item_id, row_number) as vehicles_id
    from classified
    where basis = 'three_public_names' and three_public_role = 'vehicles'
    group by all
),

three_public_parents as (
    select
        c.line_item_id,
        case
            when c.three_public_role in ('vehicles', 'item') then r.root_id
            when c.three_public_role in ('vehicle_purchase', 'vehicle_running')
                then coalesce(v.vehicles_id, r.root_id)
        end as parent_id,
        c.three_public_role is not null as in_hierarchy
    from classified c
    left join three_public_roots r using (document_id, table_id, side_key, measure)
    left join three_public_vehicles v using (document_id, table_id, side_key, measure)
    where c.basis = 'three_public_names'
),

-- project_rows -------------------------------------------------------------------------------
project_totals as (
    select
        c.*,
        lead(c.is_total) over (partition by document_id, table_id, side_key, measure
                               order by row_number, col_number) as next_is_total
    from classified c
    where c.basis = 'project_rows'
),

project_table_total as (
    select document_id, table_id, side_key, measure, min_by(line_item_id, row_number) as table_total_id
    from project_totals
    where is_total and next_is_total
    group by all
),

project_parents as (
    select
        p.line_item_id,
        case
            when p.is_total and p.line_item_id = tt.table_total_id then null
            when p.is_total then tt.table_total_id
            else (
                select min_by(s.line_item_id, p.row_number - s.row_number)
                from project_totals s
                where s.document_id = p.document_id and s.table_id = p.table_id
                  and s.side_key = p.side_key and s.measure = p.measure
                  and s.is_total and s.row_number < p.row_number
                  and (s.unit_key = p.unit_key or s.line_item_id = tt.table_total_id)
            )
        end as parent_id,
        true as in_hierarchy
    from project_totals p
    left join project_table_total tt using (document_id, table_id, side_key, measure)
),

-- code_prefix --------------------------------------------------------------------------------
code_roots as (
    select document_id, table_id, side_key, measure, any_value(line_item_id) as root_id
    from classified
    where basis = 'code_prefix' and is_total and code is null
      and regexp_matches(regexp_replace(coalesce(item_name, ''), '\s', '', 'g'), '^(合计|本年支出合计)$')
    group by all
    having count(*) = 1
),

code_parent_rows as (
    select
        c.line_item_id,
        p.line_item_id as parent_id
    from classified c
    join classified p
      on p.document_id = c.document_id and p.table_id = c.table_id and p.side_key = c.side_key
     and p.measure = c.measure and p.unit_key = c.unit_key and p.basis = 'code_prefix'
     and p.code is not null and length(p.code) < length(c.code) and starts_with(c.code, p.code)
    where c.basis = 'code_prefix' and c.code is not null
    qualify row_number() over (partition by c.line_item_id
                               order by length(p.code) desc, (p.row_number > c.row_number),
                                        abs(p.row_number - c.row_number), p.line_item_id) = 1
),

code_parents as (
    select
        c.line_item_id,
        case
            when c.code is not null then coalesce(cp.parent_id, r.root_id)
        end as parent_id,
        c.code is not null or c.line_item_id = r.root_id as in_hierarchy
    from classified c
    left join code_parent_rows cp using (line_item_id)
    left join code_roots r using (document_id, table_id, side_key, measure)
    where c.basis = 'code_prefix'
),

-- flat_total ---------------------------------------------------------------------------------
flat_parents as (
    select
        c.line_item_id,
        case when not c.is_total then
            max(c.line_item_id) filter (where c.is_total)
                over (partition by c.document_id, c.table_id, c.side_key, c.measure)
        end as parent_id,
        true as in_hierarchy
    from classified c
    where c.basis = 'flat_total'
),

-- enumeration --------------------------------------------------------------------------------
enumeration_parents as (
    select
        c.line_item_id,
        case when not c.is_total then coalesce(
            (select max_by(a.line_item_id, a.row_number)
             from classified a
             where a.document_id = c.document_id and a.table_id = c.table_id
               and a.side_key = c.side_key and a.measure = c.measure and a.basis = 'enumeration'
               and not a.is_total and a.row_number < c.row_number and a.enum_depth < c.enum_depth),
            max(c.line_item_id) filter (where c.is_total)
                over (partition by c.document_id, c.table_id, c.side_key, c.measure))
        end as parent_id,
        true as in_hierarchy
    from classified c
    where c.basis = 'enumeration'
),

parents as (
    select * from three_public_parents
    union all select * from enumeration_parents
    union all select * from project_parents
    union all select * from code_parents
    union all select * from flat_parents
),

placed as (
    select c.line_item_id, c.basis, c.is_total, p.parent_id, coalesce(p.in_hierarchy, false) as in_hierarchy
    from classified c
    left join parents p using (line_item_id)
),

levels as (
    with recursive walk(line_item_id, root_id, item_level) as (
        -- a table total is level 0; a top row under no printed total is level 1
        select line_item_id, line_item_id, case when is_total then 0 else 1 end
        from placed
        where in_hierarchy and parent_id is null
        union all
        select child.line_item_id, w.root_id, w.item_level + 1
        from placed child
        join walk w on child.parent_id = w.line_item_id
        where child.in_hierarchy and w.item_level < 10
    )
    select * from walk
),

with_children as (
    select distinct parent_id as line_item_id from placed where in_hierarchy and parent_id is not null
)

select
    c.document_id,
    c.table_id,
    c.row_number,
    c.col_number,
    c.measure,
    c.line_item_id,
    case when p.in_hierarchy then p.parent_id end as parent_line_item_id,
    case when p.in_hierarchy then l.root_id end as root_line_item_id,
    case when p.in_hierarchy then l.item_level end as item_level,
    case when p.in_hierarchy then wc.line_item_id is null end as is_leaf,
    case when p.in_hierarchy then p.basis end as hierarchy_basis
from classified c
join placed p using (line_item_id)
left join levels l using (line_item_id)
left join with_children wc using (line_item_id)
