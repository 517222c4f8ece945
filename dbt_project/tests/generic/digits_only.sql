{#- Every non-NULL value is a string of digits only (CONTRACT.md: codes are VARCHAR of digits). -#}
{% test digits_only(model, column_name) %}
select {{ column_name }} as bad_value
from {{ model }}
where {{ column_name }} is not null
  and not regexp_full_match(cast({{ column_name }} as varchar), '[0-9]+')
{% endtest %}
