-- The function classification (功能分类): every code printed in a landed document, its parents
-- (a 项's 款 and 类 even where unprinted) and the 类 of the national list.
-- Name: the one documents print most often (ties: the latest fiscal year's, then the first in
-- sort order; never the landing time, which depends on which parse worker finished first, so the
-- same documents give the same names and variant order in any run); the national 类 name
-- where no document prints one. Level by length: 3 digits 类 (1), 5 款 (2), 7 项 (3).
-- When documents print different names for one code, the others are kept in name_variants and
-- has_name_variants flags the code (a data-quality finding: a misprint, an OCR error, or a
-- classification renamed between years); the singular test dq_subject_name_variants warns.
with observed as (
    select * from {{ ref('int_subjects__observed') }}
    where subject_name is not null
),

name_counts as (
    select subject_code, subject_name,
           count(*) as printed_count,
           count(distinct document_id) as document_count,
           max(document_fiscal_year) as last_printed_year
    from observed
    group by subject_code, subject_name
),

ranked as (
    select *,
           row_number() over (
               partition by subject_code
               order by printed_count desc, last_printed_year desc nulls last, subject_name) as name_rank
    from name_counts
),

names as (
    select subject_code,
           max(subject_name) filter (where name_rank = 1) as subject_name,
           count(*) as name_count,
           string_agg(subject_name || ' (' || document_count || ')', '；' order by name_rank)
               filter (where name_rank > 1) as name_variants,
           sum(document_count) filter (where name_rank = 1) as name_document_count
    from ranked
    group by subject_code
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
    n.subject_name is not null as is_printed,
    f.subject_name as national_name,
    n.name_variants,
    coalesce(n.name_count, 0) > 1 as has_name_variants,
    n.name_document_count
from codes c
left join names n using (subject_code)
left join {{ ref('function_classes') }} f using (subject_code)
