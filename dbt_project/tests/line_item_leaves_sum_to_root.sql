{{ config(severity='warn') }}
-- In every derived row hierarchy of fct_line_item, the leaves under a table total (item_level 0)
-- add up to it within rounding: half a unit of the last printed digit per number (DOMAIN.md:
-- 0.005 × (n + 1) for n addends and a total printed to two decimals in 万元; each number's own
-- decimals and unit count: a total printed in whole 元 over leaves printed to the 分). One row per
-- root: a table may have several (a 三公 table's 合计 row and unit rows). A row returned here is a
-- total whose leaves do not add up although int_line_items__hierarchy checked every parent against
-- its children: a bug there, or roundings adding up over many levels. Severity warn.
with li as (
    select * from {{ ref('fct_line_item') }}
),

sums as (
    select
        r.line_item_id,
        r.document_id,
        r.table_id,
        r.table_kind,
        r.measure,
        r.item_name,
        r.amount_wan as root_amount_wan,
        sum(l.amount_wan) as leaves_amount_wan,
        count(*) as leaves,
        -- half a unit of the last printed digit of every number (the leaves and the root), in 万元
        sum(0.5 * power(10, -coalesce(l.decimals, 2))
            * case l.unit_as_printed when '元' then 0.0001 when '亿元' then 10000 else 1 end)
        + any_value(0.5 * power(10, -coalesce(r.decimals, 2))
            * case r.unit_as_printed when '元' then 0.0001 when '亿元' then 10000 else 1 end) as tolerance_wan
    from li r
    join li l
      on l.root_line_item_id = r.line_item_id and l.is_leaf and l.line_item_id <> r.line_item_id
    where r.item_level = 0
    group by all
)

select *
from sums
where abs(root_amount_wan - leaves_amount_wan) > tolerance_wan
