{{ config(severity='warn') }}
-- In every derived row hierarchy of fct_line_item, the leaves under a table total (item_level 0)
-- add up to it within rounding: half a unit of the last printed digit per number (DOMAIN.md:
-- 0.005 × (n + 1) for n addends printed to two decimals in 万元). A row returned here is a total whose
-- leaves do not: either the hierarchy is wrong (int_line_items__hierarchy) or the table does not
-- add up as printed (the reconciliation checks say which). Severity warn: published tables do err.
with li as (
    select * from {{ ref('fct_line_item') }}
),

sums as (
    select
        r.document_id,
        r.table_id,
        r.table_kind,
        r.measure,
        r.item_name,
        r.amount_wan as root_amount_wan,
        sum(l.amount_wan) as leaves_amount_wan,
        count(*) as leaves,
        -- half a unit of the last printed digit, in 万元
        max(0.5 * power(10, -coalesce(l.decimals, 2))
            * case r.unit_as_printed when '元' then 0.0001 when '亿元' then 10000 else 1 end) as half_unit
    from li r
    join li l
      on l.root_line_item_id = r.line_item_id and l.is_leaf and l.line_item_id <> r.line_item_id
    where r.item_level = 0
    group by all
)

select *
from sums
where abs(root_amount_wan - leaves_amount_wan) > half_unit * (leaves + 1)
