{#- A line item's key: one amount is one (document, table, row, column, measure); the row's side,
    unit, codes and label are in the hash too, so hand-made or oddly read rows that share a grid
    cell still get keys of their own. -#}
{% macro line_item_id(prefix='') -%}
    md5(concat_ws('/', {{ prefix }}document_id, {{ prefix }}table_id, coalesce({{ prefix }}row_number, -1),
                  coalesce({{ prefix }}col_number, -1), {{ prefix }}measure, coalesce({{ prefix }}side, ''),
                  coalesce({{ prefix }}unit_name, ''), coalesce({{ prefix }}subject_code, ''),
                  coalesce({{ prefix }}economic_code, ''), coalesce({{ prefix }}item_name, '')))
{%- endmacro %}
