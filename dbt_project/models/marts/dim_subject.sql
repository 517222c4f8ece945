-- The function classification (功能分类): every code printed in a landed document, its parents
-- (a 项's 款 and 类 even where unprinted) and the 类 of the national list.
-- Name: the one documents print most often (ties: the newest document's); the national 类 name
-- where no document prints one. Level by length: 3 digits 类 (1), 5 款 (2), 7 项 (3).
with observed as (
    select * from {{ ref('int_subjects__observed') }}
    where subject_name is not null
),

named as (
    select subject_code, subject_name
    from observed
    group by subject_code, subject_name
    qualify row_number() over (
        partition by subject_code
        order by count(*) desc, max(document_ingested_at) desc, subject_name) = 1
),

codes as (
    select subject_code from {{ ref('int_subjects__observed') }}
    union
    select left(subject_code, 5) from {{ ref('int_subjects__observed') }} where length(subject_code) = 7
    union
    select left(subject_code, 3) from {{ ref('int_subjects__observed') }} where length(subject_code) in (5, 7)
    union
    select subject_code from {{ ref('function_classes') }}
)

select
    c.subject_code,
    coalesce(n.subject_name, f.subject_name) as subject_name,
    case length(c.subject_code) when 3 then 1 when 5 then 2 when 7 then 3 end as level,
    case length(c.subject_code)
        when 5 then left(c.subject_code, 3)
        when 7 then left(c.subject_code, 5)
    end as parent_code,
    n.subject_name is not null as is_printed
from codes c
left join named n using (subject_code)
left join {{ ref('function_classes') }} f using (subject_code)
