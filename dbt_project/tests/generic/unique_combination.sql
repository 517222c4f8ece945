{#- The listed columns together identify a row; NULLs compare equal (a NULL subject_code is the
    total row, and there is one of those per key). -#}
{% test unique_combination(model, combination_of_columns) %}
select {{ combination_of_columns | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
