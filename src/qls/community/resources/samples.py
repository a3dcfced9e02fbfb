"""Small, valid files for the demo library and the tests, made on the spot.

Each opens in the program its extension names: a one-page PDF written by
hand (its cross-reference table counted here), a Word document of the few
parts Word requires, a workbook from openpyxl, a deck from python-pptx, and
a PNG from Pillow. Nothing is fetched; the text is synthetic.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape


def _pdf_text(text: str) -> str:
    ascii_only = text.encode("ascii", "replace").decode("ascii")
    return ascii_only.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(title: str, lines: Sequence[str] = ()) -> bytes:
    """A one-page A4 PDF with ``title`` and ``lines`` in Helvetica."""
    rows = [f"BT /F1 18 Tf 56 780 Td ({_pdf_text(title)}) Tj ET"]
    for i, line in enumerate(lines):
        rows.append(f"BT /F1 11 Tf 56 {750 - 16 * i} Td ({_pdf_text(line)}) Tj ET")
    stream = "\n".join(rows).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
        ),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx(title: str, lines: Sequence[str] = ()) -> bytes:
    """A Word document: a heading line and one paragraph per line."""
    paragraphs = [f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{escape(title)}</w:t></w:r></w:p>"]
    paragraphs += [f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(paragraphs)}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def xlsx(title: str, headers: Sequence[str] = ()) -> bytes:
    """A workbook with ``title`` in A1 and ``headers`` in row 3, ready to fill in."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Template"
    sheet["A1"] = title
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=3, column=column, value=header)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pptx(title: str, lines: Sequence[str] = ()) -> bytes:
    """A deck of one title slide."""
    from pptx import Presentation

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    slide.placeholders[1].text = "\n".join(lines)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def png(width: int = 4, height: int = 4) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 94, 184)).save(buffer, format="PNG")
    return buffer.getvalue()
