{#- All of a model's column checks in one test node (one query), so that a build runs a few
    dozen tests rather than hundreds: per-node overhead, not the queries, is what costs time on a
    small warehouse. Each failing check returns one row: `failed_check` names it as the classic
    generic test would (e.g. `accepted_values(measure)`), `failing_rows` counts its rows and
    `example` shows one offending value. flows/dbt_runner.py re-runs a failing test's SQL to name
    the checks in its error message.

    Arguments (all optional):
      not_null: [col, ...]            unique: [col, ...]          digits_only: [col, ...]
      sha256_hex: [col, ...]          decimal_20_6: [col, ...]    (the column's warehouse type)
      accepted_values: {col: [v, ...], ...}   (compared as text: 1 and '1' are the same)
      unique_combination: [[col, ...], ...]   (NULLs compare equal)
      relationships: [{column: col, to: model_name, field: col}, ...]   (to: a model or seed name)
      code_prefix_of: [{column: parent_col, child_column: col}, ...]
-#}
{% test checks(model, not_null=none, unique=none, digits_only=none, sha256_hex=none,
               decimal_20_6=none, accepted_values=none, unique_combination=none,
               relationships=none, code_prefix_of=none) %}
{%- set parts = [] -%}
{%- for col in (not_null or []) -%}
  {%- do parts.append("select 'not_null(" ~ col ~ ")', count(*), null from m where " ~ col ~ " is null") -%}
{%- endfor -%}
{%- for col in (unique or []) -%}
  {%- do parts.append("select 'unique(" ~ col ~ ")', count(*), cast(min(v) as varchar) from (select " ~ col ~ " as v from m where " ~ col ~ " is not null group by 1 having count(*) > 1)") -%}
{%- endfor -%}
{%- for cols in (unique_combination or []) -%}
  {%- do parts.append("select 'unique_combination(" ~ cols | join(', ') ~ ")', count(*), null from (select 1 from m group by " ~ cols | join(', ') ~ " having count(*) > 1)") -%}
{%- endfor -%}
{%- for col in (digits_only or []) -%}
  {%- do parts.append("select 'digits_only(" ~ col ~ ")', count(*), cast(min(" ~ col ~ ") as varchar) from m where " ~ col ~ " is not null and not regexp_full_match(cast(" ~ col ~ " as varchar), '[0-9]+')") -%}
{%- endfor -%}
{%- for col in (sha256_hex or []) -%}
  {%- do parts.append("select 'sha256_hex(" ~ col ~ ")', count(*), min(" ~ col ~ ") from m where " ~ col ~ " is not null and not regexp_full_match(" ~ col ~ ", '[0-9a-f]{64}')") -%}
{%- endfor -%}
{%- for col, values in (accepted_values or {}).items() -%}
  {%- set quoted = [] -%}
  {%- for v in values -%}{%- do quoted.append("'" ~ (v | string | replace("'", "''")) ~ "'") -%}{%- endfor -%}
  {%- do parts.append("select 'accepted_values(" ~ col ~ ")', count(*), cast(min(" ~ col ~ ") as varchar) from m where " ~ col ~ " is not null and cast(" ~ col ~ " as varchar) not in (" ~ quoted | join(', ') ~ ")") -%}
{%- endfor -%}
{%- for rel in (relationships or []) -%}
  {%- do parts.append("select 'relationships(" ~ rel.column ~ " -> " ~ rel.to ~ "." ~ rel.field ~ ")', count(*), cast(min(m." ~ rel.column ~ ") as varchar) from m where m." ~ rel.column ~ " is not null and not exists (select 1 from " ~ ref(rel.to) ~ " p where p." ~ rel.field ~ " = m." ~ rel.column ~ ")") -%}
{%- endfor -%}
{%- for rel in (code_prefix_of or []) -%}
  {%- do parts.append("select 'code_prefix_of(" ~ rel.column ~ ", " ~ rel.child_column ~ ")', count(*), cast(min(" ~ rel.child_column ~ ") as varchar) from m where " ~ rel.column ~ " is not null and not starts_with(" ~ rel.child_column ~ ", " ~ rel.column ~ ")") -%}
{%- endfor -%}
{%- if decimal_20_6 -%}
  {%- do parts.append("select 'decimal_20_6(' || column_name || ')', 1, data_type from information_schema.columns where table_schema = '" ~ model.schema ~ "' and table_name = '" ~ model.identifier ~ "' and column_name in ('" ~ decimal_20_6 | join("', '") ~ "') and data_type <> 'DECIMAL(20,6)'") -%}
{%- endif -%}
with m as (select * from {{ model }}),
checks (failed_check, failing_rows, example) as (
{%- if parts %}
    {{ parts | join('\n    union all\n    ') }}
{%- else %}
    select null, 0, null
{%- endif %}
)
select * from checks where failing_rows > 0
{% endtest %}
