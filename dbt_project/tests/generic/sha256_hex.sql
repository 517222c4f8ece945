{#- Every non-NULL value is a lowercase sha256 hex digest (64 hex digits). -#}
{% test sha256_hex(model, column_name) %}
select {{ column_name }} as bad_value
from {{ model }}
where {{ column_name }} is not null
  and not regexp_full_match({{ column_name }}, '[0-9a-f]{64}')
{% endtest %}
