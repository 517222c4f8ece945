-- Every time a source delivered a document that landed: (source_uri, document_id, landed_at).
-- Landed attempts are the record; a landed document without any attempt (landed by an older
-- writer or by hand) counts as landed at its own source at its ingested_at.
with attempts as (
    select source_uri, document_id, attempted_at as landed_at
    from {{ ref('stg_raw__source_attempts') }}
    where status = 'landed' and document_id is not null
),

landed_documents as (
    select document_id, source_uri, ingested_at
    from {{ ref('stg_raw__documents') }}
    where status = 'landed'
),

unattempted as (
    select d.source_uri, d.document_id, d.ingested_at as landed_at
    from landed_documents d
    where not exists (select 1 from attempts a where a.document_id = d.document_id)
)

select a.source_uri, a.document_id, a.landed_at
from attempts a
join landed_documents d on d.document_id = a.document_id
union all
select source_uri, document_id, landed_at from unattempted
