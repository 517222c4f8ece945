{{ config(materialized='table') }}
-- Which documents are current. A landed document stops being current once
--   (1) a source it was landed from has since delivered a different landed document (the portal
--       replaced the file at that address: the source's latest landed attempt wins), or
--   (2) another landed document of the same disclosure (same unit_name, fiscal_year, doc_type and
--       file_name, all known) was first landed after it (a corrected file at a new address).
-- A disclosure split into a text PDF and a tables PDF has two file names, so both stay current.
-- Failed documents are never current.
-- A failed document has no parsed doc_type: it is taken from the manifest metadata of an attempt
-- that read it, else from words in its file name or address (决算/final, 绩效/performance,
-- 预算/budget), else `budget` (doc_type_inferred_from says which).
with staged as (
    select * from {{ ref('stg_raw__documents') }}
),

attempt_metadata as (
    select document_id,
           max(nullif(lower(trim(json_extract_string(metadata_json, '$.doc_type'))), '')) as doc_type
    from {{ ref('stg_raw__source_attempts') }}
    where document_id is not null and metadata_json is not null and json_valid(metadata_json)
    group by document_id
),

documents as (
    select
        s.* replace (
            coalesce(
                s.doc_type,
                m.doc_type,
                case
                    when regexp_matches(lower(coalesce(s.file_name, '') || ' ' || s.source_uri), '决算|final|juesuan') then 'final_account'
                    when regexp_matches(lower(coalesce(s.file_name, '') || ' ' || s.source_uri), '绩效|performance|jixiao') then 'performance'
                    else 'budget'
                end) as doc_type
        ),
        case
            when s.doc_type is not null then 'document'
            when m.doc_type is not null then 'manifest'
            when regexp_matches(lower(coalesce(s.file_name, '') || ' ' || s.source_uri), '决算|final|juesuan|绩效|performance|jixiao|预算|budget|yusuan') then 'file_name'
            else 'default'
        end as doc_type_inferred_from
    from staged s
    left join attempt_metadata m using (document_id)
),

landings as (
    select * from {{ ref('int_documents__landings') }}
),

latest_per_source as (
    select source_uri, document_id as latest_document_id
    from landings
    qualify row_number() over (
        partition by source_uri order by landed_at desc, document_id desc) = 1
),

first_landed as (
    select document_id, min(landed_at) as first_landed_at, max(landed_at) as last_landed_at
    from landings
    group by document_id
),

replaced_at_source as (
    select l.document_id, min(s.latest_document_id) as superseded_by_document_id
    from landings l
    join latest_per_source s on s.source_uri = l.source_uri
    where s.latest_document_id <> l.document_id
    group by l.document_id
),

landed as (
    select d.document_id, d.unit_name, d.fiscal_year, d.doc_type, d.file_name,
           coalesce(f.first_landed_at, d.ingested_at) as first_landed_at
    from documents d
    left join first_landed f using (document_id)
    where d.status = 'landed'
),

replaced_in_disclosure as (
    select older.document_id, min(newer.document_id) as superseded_by_document_id
    from landed older
    join landed newer
      on newer.unit_name = older.unit_name
     and newer.fiscal_year = older.fiscal_year
     and newer.doc_type = older.doc_type
     and newer.file_name = older.file_name
     and newer.document_id <> older.document_id
     and (newer.first_landed_at > older.first_landed_at
          or (newer.first_landed_at = older.first_landed_at
              and newer.document_id > older.document_id))
    group by older.document_id
)

select
    d.*,
    f.first_landed_at,
    f.last_landed_at,
    coalesce(s.superseded_by_document_id, r.superseded_by_document_id) as superseded_by_document_id,
    d.status = 'landed'
        and s.document_id is null
        and r.document_id is null as is_current
from documents d
left join first_landed f using (document_id)
left join replaced_at_source s using (document_id)
left join replaced_in_disclosure r using (document_id)
