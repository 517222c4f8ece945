"""Writing small PDFs byte by byte, for tests that need a structure reportlab will not make
(a decompression bomb, an /OpenAction script, an embedded file)."""

from __future__ import annotations

import io


def pdf_from_objects(objs: list[bytes], version: bytes = b"1.7") -> bytes:
    """Objects numbered from 1 (object 1 is the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-" + version + b"\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, xref))
    return out.getvalue()
