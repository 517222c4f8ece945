"""The numbered migrations of the `raw` and `dq` schemas (`NNNN_name.sql`); see flows/schema."""
