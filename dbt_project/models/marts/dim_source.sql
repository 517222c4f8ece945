-- One row per source ever offered (a path or a URL).
select
    source_uri,
    status,
    error_message,
    document_id,
    first_seen_at,
    last_seen_at,
    attempt_count,
    parent_source_uri
from {{ ref('int_sources__attempts_rolled_up') }}
