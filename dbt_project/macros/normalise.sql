{#- Text as printed, with surrounding whitespace (ASCII and ideographic U+3000) removed and inner
    runs of whitespace collapsed to one space; empty strings become NULL. -#}
{% macro clean_text(column) -%}
    nullif(trim(regexp_replace(replace(cast({{ column }} as varchar), chr(12288), ' '), '\s+', ' ', 'g')), '')
{%- endmacro %}

{#- Classification codes as digits only ("204 06 01" -> "2040601"); NULL when nothing is left. -#}
{% macro digits_only(column) -%}
    nullif(regexp_replace(cast({{ column }} as varchar), '[^0-9]', '', 'g'), '')
{%- endmacro %}

{#- A name without its printed enumeration: "一、一般公共服务支出", "（一）行政运行", "1.办公费"
    -> the name. A bare numeral needs its separator, so "一般公共服务支出" keeps its 一. -#}
{% macro strip_enumeration(column) -%}
    coalesce(nullif(trim(regexp_replace({{ column }},
        '^\s*([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）][、.．]?|[（(]?[0-9]+[)）]|[0-9]+[、.．])\s*',
        '')), ''), {{ column }})
{%- endmacro %}

{#- Money in 万元 as the contract types it. -#}
{% macro money(expression) -%}
    cast({{ expression }} as decimal(20, 6))
{%- endmacro %}
