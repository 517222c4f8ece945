{{ config(materialized='table') }}
-- The place of each line item in its table's row hierarchy, so that a sum over leaves counts every
-- amount once. Parent and child are amounts of the same measure in the same table (and side):
-- a group is (document_id, table_id, side, measure). Five ways to find the parent, by what the
-- table prints, and a sixth from the amounts where those do not add up:
--   three_public_names  三公 tables: 合计 -> [三公 小计 ->] 因公出国（境）费, 公务接待费, 公务用车购置及运行费
--                       (-> 购置费, 运行维护费), and 合计 -> 会议费, 培训费 (Jiangsu, Xi'an). Where the
--                       items are columns, each printed row (合计 row, unit rows) is a tree of its
--                       own. Anything else printed there (机关运行经费, Shanghai; 会议费 beside a 三公
--                       小计 with no 合计) is outside: no parent, no level.
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
--   row_sums            a table without codes whose rules give a parent children that do not add up
--                       (see the row_sums section below).
-- Then every parent is checked against its children (the identity check at the end): the leaves
-- under each root add up to it within rounding, or the rows that do not are left out.
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
        economic_code is not null or subject_code is not null as prints_code,
        coalesce(amount_wan, 0) as amount_wan,
        -- half a unit of the last printed digit, in 万元 (DOMAIN.md's rounding tolerance)
        0.5 * power(10, -coalesce(decimals, 2))
            * case unit_as_printed when '元' then 0.0001 when '亿元' then 10000 else 1 end as half_unit,
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
            when regexp_matches(i.name_key, '^小计$|三公') then 'subtotal'
            when regexp_matches(i.name_key, '购置及运行|车辆购置及运行|^公务用车费') then 'vehicles'
            when regexp_matches(i.name_key, '购置') then 'vehicle_purchase'
            when regexp_matches(i.name_key, '运行(维护|维修)?费|运维费|^公务用车运行') then 'vehicle_running'
            when regexp_matches(i.name_key, '因公出国|出国（境）|公务接待') then 'item'
            when regexp_matches(i.name_key, '^会议费|^培训费') then 'other_item'
        end as three_public_role
    from items i
    join groups g using (document_id, table_id, side_key, measure)
    left join enum_depths e using (document_id, table_id, side_key, measure, enum_style)
),

-- three_public_names -------------------------------------------------------------------------
-- Where the items are columns (a row prints 合计, 因公出国（境）费, … side by side), every printed row
-- is a tree of its own: the 合计 row, each unit's row (Xi'an, Changsha, Shenzhen print both); where
-- an item spans several columns of one measure (Shenzhen: 一般公共预算 / 政府性基金 / 国有资本经营
-- under each item), its n-th column belongs to the tree of the row's n-th 总计 column.
three_public_cells as (
    select
        c.*,
        max(per_row) over (partition by document_id, table_id, side_key, measure) > 1 as items_as_columns
    from (
        select c.*,
               count(*) over (partition by document_id, table_id, side_key, measure, row_number) as per_row,
               row_number() over (partition by document_id, table_id, side_key, measure, row_number, name_key
                                  order by col_number) as name_column
        from classified c
        where c.basis = 'three_public_names'
    ) c
),

three_public_trees as (
    select
        c.*,
        case when items_as_columns then row_number else -1 end as tree_row,
        case when items_as_columns then name_column else -1 end as tree_column
    from three_public_cells c
),

three_public_heads as (
    select document_id, table_id, side_key, measure, tree_row, tree_column,
           -- the tree's total: its 合计 (总计), else its one 小计
           coalesce(min_by(line_item_id, (row_number, col_number)) filter (where three_public_role = 'total'),
                    min_by(line_item_id, (row_number, col_number)) filter (where three_public_role = 'subtotal'))
               as root_id,
           -- the 三公 subtotal under a 合计 that also adds 会议费 and 培训费 (Xi'an: 一般公共预算拨款安排的“三公”经费预算)
           case when count(*) filter (where three_public_role = 'total') > 0 then
               min_by(line_item_id, (row_number, col_number)) filter (where three_public_role = 'subtotal')
           end as subtotal_id,
           min_by(line_item_id, (row_number, col_number)) filter (where three_public_role = 'vehicles')
               as vehicles_id,
           count(*) filter (where three_public_role = 'total') > 0 as has_total
    from three_public_trees
    group by all
),

three_public_parents as (
    select
        c.line_item_id,
        case
            when c.line_item_id = h.root_id then null
            when c.three_public_role in ('vehicles', 'item') then coalesce(h.subtotal_id, h.root_id)
            when c.three_public_role in ('vehicle_purchase', 'vehicle_running')
                then coalesce(h.vehicles_id, h.subtotal_id, h.root_id)
            when c.three_public_role in ('other_item', 'subtotal') then h.root_id
        end as parent_id,
        c.three_public_role is not null
            and (c.three_public_role not in ('total', 'subtotal') or c.line_item_id in (h.root_id, h.subtotal_id))
            -- 会议费 and 培训费 are parts of a 合计 only, never of the 三公 小计
            and (c.three_public_role <> 'other_item' or h.has_total)
            as in_hierarchy
    from three_public_trees c
    left join three_public_heads h using (document_id, table_id, side_key, measure, tree_row, tree_column)
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

rule_placed as (
    select c.line_item_id, c.basis, c.is_total, c.amount_wan, c.half_unit, p.parent_id,
           coalesce(p.in_hierarchy, false) as in_hierarchy
    from classified c
    left join parents p using (line_item_id)
),

rule_sums as (
    select parent_id as line_item_id, sum(amount_wan) as children_wan, sum(half_unit) as children_half
    from rule_placed
    where in_hierarchy and parent_id is not null
    group by parent_id
),

-- row_sums -----------------------------------------------------------------------------------
-- A table without codes whose rules give a row children that do not add up to it (a 政府采购 table
-- printing 货物 / 项目 / 品目 rows one under the other, a 收入总表 printing 一般公共预算资金 above
-- 公共财政拨款, a project table printing 合计 / 部门 / 单位 / 通用项目 / 大型活动 / projects) is read
-- from its amounts: a row's children are the rows right below it whose amounts add up to it (within
-- rounding), its descendants printed before its next sibling. The group is parsed top-down, the
-- first row (its 合计) the root, every row a leaf or the parent of the rows that follow; a parse is
-- kept when every row's children add up and no other parse as plain does (fewest parent rows, then
-- fewest parents that print no code, enumeration or total mark). Parsed: groups of 2–150 rows with
-- no negative amount whose first row is a total (a partial parse that overshoots or leaves more
-- open than the rows below can fill is dropped at once, which keeps the search small). No parse,
-- or two: the rules' result stands and the identity check below leaves out what does not add up.
rule_failures as (
    select distinct c.document_id, c.table_id, c.side_key, c.measure
    from classified c
    join rule_placed p using (line_item_id)
    join rule_sums s using (line_item_id)
    where p.in_hierarchy and abs(s.children_wan - p.amount_wan) > s.children_half + p.half_unit
),

sum_candidates as (
    select
        c.*,
        row_number() over w as seq,
        count(*) over (partition by c.document_id, c.table_id, c.side_key, c.measure) as n,
        coalesce(sum(c.amount_wan) over (w rows between 1 following and unbounded following), 0) as rest,
        min(c.amount_wan) over (partition by c.document_id, c.table_id, c.side_key, c.measure) as min_amount,
        first_value(c.is_total) over w as first_is_total,
        (c.is_total or c.enum_style is not null or c.prints_code) as marked,
        dense_rank() over (order by c.document_id, c.table_id, c.side_key, c.measure) as gid
    from classified c
    join rule_failures using (document_id, table_id, side_key, measure)
    join groups g using (document_id, table_id, side_key, measure)
    where g.coded_rows = 0 and c.basis in ('flat_total', 'project_rows', 'enumeration')
    window w as (partition by c.document_id, c.table_id, c.side_key, c.measure order by c.row_number, c.col_number)
),

sum_rows as (
    select * from sum_candidates where n between 2 and 150 and min_amount >= 0 and first_is_total
),

sum_parse as (
    with recursive parse(gid, seq, stack, parents, opens, unmarked_opens) as (
        select gid, seq, [{'id': line_item_id, 'rem': amount_wan, 'tol': half_unit}], [null::varchar], 0, 0
        from sum_rows
        where seq = 1
        union all
        select gid, seq,
               case when opens_here then kept || [new_top, {'id': rid, 'rem': ramount, 'tol': rhalf}]
                    else kept || [new_top] end,
               parents || [new_top.id],
               opens + opens_here::int,
               unmarked_opens + (opens_here and not rmarked)::int
        from (
            select *,
                   {'id': stack[k].id, 'rem': stack[k].rem - ramount, 'tol': stack[k].tol + rhalf} as new_top,
                   stack[1:k - 1] as kept
            from (
                select p.gid, p.seq + 1 as seq, p.stack, p.parents, p.opens, p.unmarked_opens,
                       r.line_item_id as rid, r.amount_wan as ramount, r.half_unit as rhalf,
                       r.marked as rmarked, r.n, r.rest,
                       -- the innermost open row (one whose children do not yet add up to it)
                       greatest(list_max(list_transform(p.stack, lambda x, i: case when abs(x.rem) > x.tol then i else 0 end)),
                                case when r.amount_wan = 0 then 1 else 0 end) as k
                from parse p
                join sum_rows r on r.gid = p.gid and r.seq = p.seq + 1
            )
            where k > 0
        ) cross join (values (false), (true)) o(opens_here)
        where new_top.rem >= -new_top.tol
          -- what is still open must be fillable by the rows left
          and list_sum(list_transform(kept || [new_top], lambda x: x.rem - x.tol)) <= rest
          and (not opens_here or (ramount > rhalf and seq < n))
    )
    select p.gid, p.parents, p.opens, p.unmarked_opens
    from parse p
    join (select gid, max(n) as n from sum_rows group by gid) g on g.gid = p.gid and p.seq = g.n
    where list_max(list_transform(p.stack, lambda x: case when abs(x.rem) > x.tol then 1 else 0 end)) = 0
),

sum_best as (
    select gid, any_value(parents) as parents
    from (
        select *, rank() over (partition by gid order by opens, unmarked_opens) as plainness
        from sum_parse
    )
    where plainness = 1
    group by gid
    having count(*) = 1
),

sum_parents as (
    select r.line_item_id, p.parents[r.seq] as parent_id
    from sum_rows r
    join sum_best p using (gid)
),

placed as (
    select r.line_item_id,
           case when s.line_item_id is not null then 'row_sums' else r.basis end as basis,
           r.is_total, r.amount_wan, r.half_unit,
           case when s.line_item_id is not null then s.parent_id else r.parent_id end as parent_id,
           s.line_item_id is not null or r.in_hierarchy as in_hierarchy
    from rule_placed r
    left join sum_parents s using (line_item_id)
),

-- The identity check: a row's children must add up to it within rounding (half a unit of the last
-- printed digit per number). A row whose children do not keeps none: it is a leaf and its
-- descendants are outside the hierarchy (the table prints more than the rules can tell, e.g. a
-- subtotal row among its items). A total whose children do not add up is outside with them.
sums as (
    select parent_id as line_item_id, sum(amount_wan) as children_wan, sum(half_unit) as children_half
    from placed
    where in_hierarchy and parent_id is not null
    group by parent_id
),

checked as (
    select p.*,
           s.line_item_id is not null as has_children,
           s.line_item_id is not null
               and abs(s.children_wan - p.amount_wan) <= s.children_half + p.half_unit as children_add_up
    from placed p
    left join sums s using (line_item_id)
),

levels as (
    with recursive walk(line_item_id, root_id, item_level, keeps_children) as (
        -- a table total is level 0; a top row under no printed total is level 1
        select line_item_id, line_item_id, case when is_total then 0 else 1 end, children_add_up
        from checked
        where in_hierarchy and parent_id is null and (children_add_up or not has_children)
        union all
        select child.line_item_id, w.root_id, w.item_level + 1, child.children_add_up
        from checked child
        join walk w on child.parent_id = w.line_item_id
        where child.in_hierarchy and w.keeps_children and w.item_level < 10
    )
    select * from walk
)

select
    c.document_id,
    c.table_id,
    c.row_number,
    c.col_number,
    c.measure,
    c.line_item_id,
    case when l.line_item_id is not null then p.parent_id end as parent_line_item_id,
    l.root_id as root_line_item_id,
    l.item_level,
    case when l.line_item_id is not null then not l.keeps_children end as is_leaf,
    case when l.line_item_id is not null then p.basis end as hierarchy_basis
from classified c
join checked p using (line_item_id)
left join levels l using (line_item_id)
