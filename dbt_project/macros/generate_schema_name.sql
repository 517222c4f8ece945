{#- Use a model's custom schema (staging, intermediate, marts) as-is, not prefixed with the
    target schema, so the warehouse's schemas are exactly those CONTRACT.md names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
