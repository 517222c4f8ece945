-- The pairing between the two economic schemes as documents print it: seed 001 (and its kind)
-- prints each 部门预算支出经济分类 line (301 01 基本工资) beside its 政府预算支出经济分类 name
-- (工资奖金津补贴). One row per (department code, government name printed), with the government code
-- found by name in the reference list (seed economic_codes, scheme government; where a name occurs
-- twice, e.g. 房屋建筑物购建 under 503 and 504, the 款 of the lowest code), how often and in how many
-- documents the pair is printed, and is_primary for the pair printed most often for the code.
with pairs as (
    select economic_code, government_economic_name,
           count(*) as line_count,
           count(distinct document_id) as document_count
    from {{ ref('int_economic__observed') }}
    where government_economic_name is not null
    group by economic_code, government_economic_name
),

{% if var('economic_reference', true) %}
government_names as (
    select {{ clean_text('economic_name') }} as economic_name,
           min({{ digits_only('economic_code') }}) as economic_code
    from {{ ref('economic_codes') }}
    where lower(trim(scheme)) = 'government' and length({{ digits_only('economic_code') }}) = 5
    group by 1
)
{% else %}
government_names as (
    select cast(null as varchar) as economic_name, cast(null as varchar) as economic_code where false
)
{% endif %}

select
    p.economic_code,
    p.government_economic_name,
    g.economic_code as government_economic_code,
    p.line_count,
    p.document_count,
    row_number() over (
        partition by p.economic_code
        order by p.document_count desc, p.line_count desc, p.government_economic_name) = 1 as is_primary
from pairs p
left join government_names g on g.economic_name = p.government_economic_name
