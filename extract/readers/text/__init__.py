"""Reader for text conversions (.txt, .md) of disclosure PDFs.

Three layouts of conversion are known, one module each:

- ``tab_separated``: one printed row per line, cells split on ``\\t`` keeping empties; a blank
  line inside a table is a page break.
- ``single_spaced`` (raw layout text): cells separated by single spaces, an empty cell shows as an
  extra space, fake-bold text is doubled ("764.49764.49") and so are the spaces of empty bold
  cells; label cells wrap over lines; running headers, page numbers ("-11-") and split watermarks
  sit between and inside tables.
- ``wide_spaced``: columns separated by runs of spaces, as pdftotext -layout prints them; cells are
  placed by their display position.

Beside them: ``document`` (bytes in, Document out), ``pages`` (which page each line is on),
``table_finder`` (titles, labels, units and notes; the lines of each table) and ``lines`` (what
the layouts share).

The reader returns grids only (every printed row, header rows included); it does not decide what
a column means (``extract.tables.interpret`` does).
"""

from extract.readers.text.document import read_text_document

__all__ = ["read_text_document"]
