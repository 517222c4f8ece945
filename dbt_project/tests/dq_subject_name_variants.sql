{{ config(severity='warn') }}
-- Data-quality finding, not an error: function codes that documents print under more than one
-- name (dim_subject.name_variants lists the others with how many documents print each).
select subject_code, subject_name, name_variants
from {{ ref('dim_subject') }}
where has_name_variants
