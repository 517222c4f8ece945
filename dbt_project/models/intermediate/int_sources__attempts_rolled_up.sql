-- One row per source ever offered: its latest attempt's status and error, the document it last
-- landed, when it was first and last seen. Sources known only from raw.documents (no attempt
-- recorded) are included with their document's status and ingested_at.
with attempts as (
    select * from {{ ref('stg_raw__source_attempts') }}
),

latest_attempt as (
    select source_uri, status, error_message
    from attempts
    qualify row_number() over (
        partition by source_uri
        order by attempted_at desc, case status when 'landed' then 0 else 1 end) = 1
),

last_landed as (
    select source_uri, document_id
    from attempts
    where status = 'landed' and document_id is not null
    qualify row_number() over (partition by source_uri order by attempted_at desc) = 1
),

seen as (
    select source_uri, min(attempted_at) as first_seen_at, max(attempted_at) as last_seen_at,
           count(*) as attempt_count
    from attempts
    group by source_uri
),

-- an attachment of a disclosure page names the page (flows/attachments.py)
parents as (
    select source_uri,
           arg_max(nullif(json_extract_string(metadata_json, '$.parent_source_uri'), ''),
                   attempted_at) as parent_source_uri
    from attempts
    where metadata_json is not null and json_valid(metadata_json)
    group by source_uri
),

from_attempts as (
    select s.source_uri, la.status, la.error_message, ll.document_id,
           s.first_seen_at, s.last_seen_at, s.attempt_count, p.parent_source_uri
    from seen s
    join latest_attempt la using (source_uri)
    left join last_landed ll using (source_uri)
    left join parents p using (source_uri)
),

documents_only as (
    select source_uri,
           arg_max(status, ingested_at) as status,
           arg_max(error_message, ingested_at) as error_message,
           arg_max(document_id, ingested_at)
               filter (where status = 'landed') as document_id,
           min(ingested_at) as first_seen_at,
           max(ingested_at) as last_seen_at,
           0 as attempt_count,
           null::varchar as parent_source_uri
    from {{ ref('stg_raw__documents') }}
    where source_uri not in (select source_uri from attempts)
    group by source_uri
)

select * from from_attempts
union all
select * from documents_only
