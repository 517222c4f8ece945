{#- The column is typed DECIMAL(20,6) in the warehouse (CONTRACT.md: money). -#}
{% test decimal_20_6(model, column_name) %}
select column_name, data_type
from information_schema.columns
where table_schema = '{{ model.schema }}'
  and table_name = '{{ model.identifier }}'
  and column_name = '{{ column_name }}'
  and data_type <> 'DECIMAL(20,6)'
{% endtest %}
