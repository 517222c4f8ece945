"""govbudget extraction: bytes of a disclosure in, canonical records (extract.model) out."""

PARSER_VERSION = "1.0.0"
