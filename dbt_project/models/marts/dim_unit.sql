-- Every disclosing unit (a document's unit) and every unit named on the rows of a multi-unit
-- table, whose parent is the disclosing unit of that document. Attributes come from the newest
-- sighting that has them; the parent is the one seen most often. A child's region is its
-- parent's where the document gives one. admin_level follows the 6-digit region code:
-- xx0000 province, xxxx00 prefecture, else county.
{%- set regions = var('region_gazetteer_csv', '') %}
with observed as (
    select * from {{ ref('int_units__observed') }}
),

attrs as (
    select
        unit_name,
        arg_max(unit_code, ingested_at) filter (where unit_code is not null) as unit_code,
        arg_max(region_code, ingested_at) filter (where region_code is not null) as region_code
    from observed
    group by unit_name
),

parents as (
    select unit_name, parent_unit_name
    from observed
    where parent_unit_name is not null and parent_unit_name <> unit_name
    group by unit_name, parent_unit_name
    qualify row_number() over (
        partition by unit_name order by count(*) desc, max(ingested_at) desc, parent_unit_name) = 1
),

units as (
    select
        a.unit_name,
        a.unit_code,
        case when length(a.region_code) = 6 then a.region_code end as region_code,
        p.parent_unit_name
    from attrs a
    left join parents p using (unit_name)
){% if regions %},

gazetteer as (
    select {{ digits_only('region_code') }} as region_code, {{ clean_text('region_name') }} as region_name
    from read_csv('{{ regions }}', all_varchar = true, header = true)
){% endif %}

select
    u.unit_name,
    u.unit_code,
    u.region_code,
    {% if regions %}g.region_name{% else %}cast(null as varchar){% endif %} as region_name,
    case
        when u.region_code is null then null
        when u.region_code like '____00' and u.region_code like '__0000' then 'province'
        when u.region_code like '____00' then 'prefecture'
        else 'county'
    end as admin_level,
    u.parent_unit_name
from units u
{% if regions %}left join gazetteer g using (region_code){% endif %}
