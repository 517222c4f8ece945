"""The project's bundled sample: realistic disclosure PDFs generated from ``sample.figures``."""
