{#- A parent code is a prefix of its child's code (2040601 -> 20406 -> 204). -#}
{% test code_prefix_of(model, column_name, child_column) %}
select {{ column_name }}, {{ child_column }}
from {{ model }}
where {{ column_name }} is not null
  and not starts_with({{ child_column }}, {{ column_name }})
{% endtest %}
