{#- The grain keys of every staging and intermediate model, in ONE test node (a node costs every
    ingest's `dbt build` ~50-70 ms whatever its query: one node per model would add ~1 s).

    Each model declares its key in its own yml, beside its columns:

      config:
        meta:
          key: [document_id, table_id]   # unique together (NULLs compare equal)
          not_null: [document_id, table_id]

    `key` is what identifies a row; `not_null` the columns that must always be set (a key column
    that may be NULL, such as subject_code NULL for a table total, is left out of it). A model
    whose rows are sightings with no key of their own (one row per printed line) declares
    `key: []` and says so in its description; its `not_null` columns are still checked.

    This test runs tests/generic/checks.sql (`unique` / `unique_combination`, `not_null`) on each
    model and returns one row per failing check, named `<model>: <check>`, e.g.
    `stg_raw__tables: unique_combination(document_id, table_id)`; flows/dbt_runner.py prints them
    when the build fails. It also fails when a staging or intermediate model declares no key, or
    is missing from the list below (dbt must know every model this test reads before it runs:
    the list gives it the dependencies, so the test runs after those models are built). -#}
{%- set models = [
    'stg_raw__documents', 'stg_raw__line_items', 'stg_raw__performance_indicators',
    'stg_raw__performance_projects', 'stg_raw__regions', 'stg_raw__source_attempts',
    'stg_raw__statistics', 'stg_raw__tables', 'stg_raw__text_figures',
    'int_budget_execution__sides', 'int_documents__landings', 'int_documents__versions',
    'int_economic__observed', 'int_line_items__enriched', 'int_line_items__hierarchy',
    'int_sources__attempts_rolled_up', 'int_subjects__observed', 'int_units__observed',
    'int_year_over_year__amounts',
] -%}
{%- for name in models %}
-- depends_on: {{ ref(name) }}
{%- endfor %}
{%- set parts = [] -%}
{%- if execute -%}
  {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.package_name == project_name
           and node.fqn[1] in ['staging', 'intermediate'] -%}
    {%- set meta = node.config.meta or {} -%}
    {%- if node.name not in models -%}
      {%- do parts.append("select '" ~ node.name ~ ": not listed in tests/staging_intermediate_keys.sql', 1, null") -%}
    {%- elif meta.get('key') is none -%}
      {%- do parts.append("select '" ~ node.name ~ ": no meta key declared in its yml', 1, null") -%}
    {%- else -%}
      {%- set key = meta.get('key') -%}
      {%- set sql = test_checks(ref(node.name),
                                not_null=meta.get('not_null'),
                                unique=(key if key | length == 1 else none),
                                unique_combination=([key] if key | length > 1 else none)) -%}
      {%- do parts.append("select '" ~ node.name ~ ": ' || failed_check, failing_rows, example from (" ~ sql ~ "\n)") -%}
    {%- endif -%}
  {%- endfor -%}
{%- endif %}
select * from (
{%- if parts %}
    {{ parts | join('\n    union all\n    ') }}
{%- else %}
    select 'no staging or intermediate model found', 1, null
{%- endif %}
) as keys (failed_check, failing_rows, example)
where failing_rows > 0
