-- The economic classification (经济分类), both schemes: 部门预算支出经济分类 (`department`, 3xx)
-- and 政府预算支出经济分类 (`government`, 5xx). Codes and names come from the reference list the
-- interpreter keeps (extract/reference/economic_codes.csv, seed `economic_codes`) and from every
-- code printed in a landed document; the reference's name, level and parent win, printed names
-- (most common) fill the rest. Level by length: 3 digits 类 (1), 5 款 (2).
-- A department code carries the government code and name documents print beside it most often
-- (dim_economic_pairing holds every printed pair).
{%- set use_reference = var('economic_reference', true) %}
with observed as (
    select * from {{ ref('int_economic__observed') }}
),

named as (
    select economic_code, economic_name
    from observed
    where economic_name is not null
    group by economic_code, economic_name
    qualify row_number() over (
        partition by economic_code order by count(*) desc, economic_name) = 1
),

{% if use_reference %}
reference as (
    select {{ digits_only('economic_code') }} as economic_code,
           {{ clean_text('economic_name') }} as economic_name,
           nullif(lower(trim(scheme)), '') as scheme,
           cast(level as integer) as level,
           {{ digits_only('parent_code') }} as parent_code
    from {{ ref('economic_codes') }}
    where {{ digits_only('economic_code') }} is not null
),
{% else %}
reference as (
    select cast(null as varchar) as economic_code, cast(null as varchar) as economic_name,
           cast(null as varchar) as scheme, cast(null as integer) as level,
           cast(null as varchar) as parent_code
    where false
),
{% endif %}

pairing as (
    select economic_code, government_economic_code, government_economic_name
    from {{ ref('dim_economic_pairing') }}
    where is_primary
),

codes as (
    select economic_code from observed
    union
    select left(economic_code, 3) from observed where length(economic_code) = 5
    union
    select economic_code from reference
)

select
    c.economic_code,
    coalesce(r.economic_name, n.economic_name) as economic_name,
    coalesce(r.scheme,
             case when c.economic_code like '5%' then 'government' else 'department' end) as scheme,
    coalesce(r.level,
             case length(c.economic_code) when 3 then 1 when 5 then 2 when 7 then 3 end) as level,
    coalesce(r.parent_code,
             case when length(c.economic_code) > 3
                  then left(c.economic_code, length(c.economic_code) - 2) end) as parent_code,
    r.economic_code is not null as in_reference,
    n.economic_name is not null as is_printed,
    p.government_economic_code,
    p.government_economic_name
from codes c
left join reference r using (economic_code)
left join named n using (economic_code)
left join pairing p using (economic_code)
