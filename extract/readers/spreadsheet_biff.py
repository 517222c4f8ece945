"""Hidden rows, hidden columns and number formats of a legacy .xls (BIFF8) workbook.

python-calamine reads the values; these facts it does not give, so they are read from the
workbook's own records (stdlib only): the OLE2 compound file's "Workbook" stream (MS-CFB), then
its BIFF8 records (MS-XLS):
- BOUNDSHEET (0x0085): each sheet's name and where its records start;
- FORMAT (0x041E) and XF (0x00E0): the number format of each cell style;
- in a sheet: ROW (0x0208, fDyZero = hidden), COLINFO (0x007D, fHidden), and the number cells
  NUMBER (0x0203), RK (0x027E), MULRK (0x00BD), FORMULA (0x0006) for their style.
Anything malformed raises; the reader then shows every row and column (and warns).
"""

from __future__ import annotations

import struct
from typing import Optional

from extract.readers.spreadsheet_layout import BUILTIN_FORMATS, NumberFormat, SheetLayout, number_format_of

_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


class _Compound:
    """Just enough of an OLE2 compound file to read one stream by name."""

    def __init__(self, data: bytes):
        if len(data) < 512 or data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ValueError("not an OLE2 compound file")
        self.data = data
        self.sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        self.mini_size = 1 << struct.unpack_from("<H", data, 0x20)[0]
        n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
        self.cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from("<IIIII", data, 0x38)
        self.n_sectors = max(0, (len(data) - 512) // self.sector_size)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END_OF_CHAIN]
        sector = first_difat
        for _ in range(n_difat):
            if sector >= _END_OF_CHAIN:
                break
            entries = struct.unpack_from(f"<{self.sector_size // 4}I", self._sector(sector))
            fat_sectors += [s for s in entries[:-1] if s < _END_OF_CHAIN]
            sector = entries[-1]
        self.fat: list[int] = []
        for s in fat_sectors[:n_fat]:
            self.fat += struct.unpack_from(f"<{self.sector_size // 4}I", self._sector(s))
        directory = self._chain(first_dir, self.fat, self._sector)
        self.entries = []
        for off in range(0, len(directory) - 127, 128):
            name_len = struct.unpack_from("<H", directory, off + 0x40)[0]
            name = directory[off:off + max(0, name_len - 2)].decode("utf-16-le", "replace")
            kind = directory[off + 0x42]
            start, size = struct.unpack_from("<II", directory, off + 0x74)
            self.entries.append((name, kind, start, size))
        self.minifat: list[int] = []
        if n_minifat and first_minifat < _END_OF_CHAIN:
            raw = self._chain(first_minifat, self.fat, self._sector)
            self.minifat = list(struct.unpack_from(f"<{len(raw) // 4}I", raw))

    def _sector(self, n: int) -> bytes:
        if n >= self.n_sectors:
            raise ValueError(f"sector {n} beyond the end of the file")
        off = 512 + n * self.sector_size
        return self.data[off:off + self.sector_size]

    def _chain(self, start: int, fat: list[int], read) -> bytes:
        out, n, steps = [], start, 0
        while n < _END_OF_CHAIN:
            if n >= len(fat) or steps > len(fat):
                raise ValueError("broken sector chain")
            out.append(read(n))
            n, steps = fat[n], steps + 1
        return b"".join(out)

    def stream(self, *names: str) -> bytes:
        root = self.entries[0]
        for name, kind, start, size in self.entries:
            if kind == 2 and name in names:
                if size < self.cutoff:
                    mini = self._chain(root[2], self.fat, self._sector)
                    data = self._chain(start, self.minifat,
                                       lambda n, mini=mini: mini[n * self.mini_size:(n + 1) * self.mini_size])
                else:
                    data = self._chain(start, self.fat, self._sector)
                return data[:size]
        raise ValueError(f"no {names[0]} stream: not an Excel workbook")


def compound_streams(data: bytes) -> set[str]:
    """The names of the streams an OLE2 compound file holds (raises when it cannot be read)."""
    return {name for name, kind, _start, _size in _Compound(data).entries if kind == 2}


def _records(stream: bytes, start: int = 0):
    pos = start
    while pos + 4 <= len(stream):
        rtype, length = struct.unpack_from("<HH", stream, pos)
        yield rtype, stream[pos + 4:pos + 4 + length]
        pos += 4 + length


def _short_string(body: bytes, off: int) -> str:
    cch, flags = body[off], body[off + 1]
    raw = body[off + 2:]
    return raw[:2 * cch].decode("utf-16-le") if flags & 1 else raw[:cch].decode("latin-1")


def _long_string(body: bytes, off: int) -> str:
    cch = struct.unpack_from("<H", body, off)[0]
    flags = body[off + 2]
    raw = body[off + 3:]
    return raw[:2 * cch].decode("utf-16-le", "replace") if flags & 1 else raw[:cch].decode("latin-1")


def xls_layouts(data: bytes) -> dict[str, SheetLayout]:
    stream = _Compound(data).stream("Workbook", "Book")
    custom: dict[int, Optional[NumberFormat]] = {}
    xf_formats: list[int] = []
    sheets: list[tuple[str, int]] = []
    for rtype, body in _records(stream):
        if rtype == 0x041E:  # FORMAT
            custom[struct.unpack_from("<H", body)[0]] = number_format_of(_long_string(body, 2))
        elif rtype == 0x00E0:  # XF
            xf_formats.append(struct.unpack_from("<H", body, 2)[0])
        elif rtype == 0x0085:  # BOUNDSHEET
            sheets.append((_short_string(body, 6), struct.unpack_from("<I", body)[0]))
        elif rtype == 0x000A:  # EOF of the workbook globals
            break
    xfs = [custom[f] if f in custom else BUILTIN_FORMATS.get(f) for f in xf_formats]
    return {name: _sheet_layout(stream, offset, xfs) for name, offset in sheets}


def _rk_cell(layout: SheetLayout, xfs: list, row: int, col: int, ixfe: int) -> None:
    if ixfe < len(xfs) and xfs[ixfe] is not None:
        layout.formats[(row, col)] = xfs[ixfe]


def _sheet_layout(stream: bytes, offset: int, xfs: list) -> SheetLayout:
    layout = SheetLayout()
    for rtype, body in _records(stream, offset):
        if rtype == 0x0208 and len(body) >= 13:  # ROW
            if body[12] & 0x20:
                layout.hidden_rows.add(struct.unpack_from("<H", body)[0])
        elif rtype == 0x007D and len(body) >= 10:  # COLINFO
            first, last, width, _xf, flags = struct.unpack_from("<HHHHH", body)
            if flags & 1 or width == 0:
                layout.hidden_cols.update(range(first, min(last, 255) + 1))
        elif rtype in (0x0203, 0x027E, 0x0006) and len(body) >= 6:  # NUMBER, RK, FORMULA
            _rk_cell(layout, xfs, *struct.unpack_from("<HHH", body))
        elif rtype == 0x00BD and len(body) >= 6:  # MULRK: row, first col, (xf, rk)*, last col
            row, first = struct.unpack_from("<HH", body)
            for k in range((len(body) - 6) // 6):
                _rk_cell(layout, xfs, row, first + k, struct.unpack_from("<H", body, 4 + 6 * k)[0])
        elif rtype == 0x000A:  # EOF
            break
    return layout
