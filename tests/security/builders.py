"""Hostile files built in the tests: zip bombs with honest or lying headers, unsafe member names,
executables behind a PDF header, nested OOXML, an .xlsx of a million blank rows."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

MB = 1024 * 1024
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 44
    + b"\x80\x00\x00\x00"
    + b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21"
    + b"This program cannot be run in DOS mode.\r\r\n$"
    + b"\x00" * 7
    + b"PE\x00\x00d\x86"
    + b"\x00" * 256
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17 + b"\x00\x00\x00\x00IEND\xaeB`\x82"


def zeros_deflated(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``megabytes`` MiB of zeros and its CRC, built in well under a
    second: one fully flushed block (byte-aligned, no back-references) repeated, then an empty
    final block. About 1 KB per MiB, the ratio of a classic zip bomb."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b"\x00" * MB) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    chunk = b"\x00" * MB
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return block * megabytes + b"\x03\x00", crc


def raw_zip(entries) -> bytes:
    """A zip written by hand, so headers say what the test wants.

    ``entries``: dicts with ``name``, ``data`` (as stored), and optionally ``method`` (8 deflate,
    0 stored), ``crc``, ``size`` (the declared uncompressed size) and ``flags``.
    """
    out = io.BytesIO()
    central = []
    for entry in entries:
        name = entry["name"].encode()
        data = entry["data"]
        method = entry.get("method", 8)
        crc = entry.get("crc", zlib.crc32(data) if method == 0 else 0)
        size = entry.get("size", len(data))
        flags = entry.get("flags", 0) | 0x800  # UTF-8 names
        offset = out.tell()
        header = (0x04034B50, 20, flags, method, 0, 0x21, crc, len(data), size, len(name), 0)
        out.write(struct.pack("<IHHHHHIIIHH", *header))
        out.write(name)
        out.write(data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                flags,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def bomb_entry(name: str, megabytes: int) -> dict:
    data, crc = zeros_deflated(megabytes)
    return {"name": name, "data": data, "crc": crc, "size": megabytes * MB}


def zip_of(members: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 11, 1, 0, 0, 0)), data, compress_type=compression)
    return buffer.getvalue()


def docx(embedded: dict[str, bytes] | None = None) -> bytes:
    """A real Word document (python-docx), with extra parts such as embedded workbooks."""
    from docx import Document

    document = Document()
    document.add_paragraph("整改报告")
    buffer = io.BytesIO()
    document.save(buffer)
    if embedded:
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            for name, data in embedded.items():
                archive.writestr(name, data)
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "整改台账"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_like(parts: dict[str, bytes] | None = None, raw: list[dict] | None = None) -> bytes:
    """A zip that looks like a .docx from its part names (what a bomb under a .docx name does)."""
    entries = [
        {"name": "[Content_Types].xml", "data": b"<Types/>", "method": 0},
        {"name": "word/document.xml", "data": b"<w:document/>", "method": 0},
    ]
    entries += [{"name": name, "data": data, "method": 0} for name, data in (parts or {}).items()]
    return raw_zip(entries + (raw or []))


def blank_rows_xlsx(header: list[str], blank_rows: int) -> bytes:
    """An .xlsx with the header row and then ``blank_rows`` rows holding one empty styled cell
    each, and no <dimension> element: nothing tells a reader where the sheet ends."""
    header_cells = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{text}</t></is></c>' for i, text in enumerate(header)
    )
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(2, blank_rows + 2))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1">{header_cells}</row>{rows}</sheetData></worksheet>'
    )
    main = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{main}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{main}"><sheets><sheet name="问题清单" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{main}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    return zip_of({name: text.encode() for name, text in parts.items()})
