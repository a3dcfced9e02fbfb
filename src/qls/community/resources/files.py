"""What an uploaded resource file really is, read from its bytes.

The extension a person's computer gave a file says what it claims to be; the
first bytes say what it is. A file is taken only when both agree, and only
for the kinds the library serves (PDF, Word, Excel, PowerPoint, PNG, JPEG).
Office files are zip archives: the kind is read from the archive's
``[Content_Types].xml``, the part every Office file must have, after
checking from the zip index alone that it is small enough to read.
"""

from __future__ import annotations

import zipfile
from typing import IO

from qls.community.resources.errors import FileRefused
from qls.community.resources.models import FileKind
from qls.core.uploads import max_bytes, too_large

_CONTENT_TYPES = "[Content_Types].xml"
_CONTENT_TYPES_MAX = 1024 * 1024
_OFFICE_MAIN = {
    FileKind.DOCX: b"wordprocessingml.document.main+xml",
    FileKind.XLSX: b"spreadsheetml.sheet.main+xml",
    FileKind.PPTX: b"presentationml.presentation.main+xml",
}

EXTENSIONS: dict[str, FileKind] = {
    "pdf": FileKind.PDF,
    "docx": FileKind.DOCX,
    "xlsx": FileKind.XLSX,
    "pptx": FileKind.PPTX,
    "png": FileKind.PNG,
    "jpg": FileKind.JPEG,
    "jpeg": FileKind.JPEG,
}


def _office_kind(handle: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(handle) as archive:
            info = archive.getinfo(_CONTENT_TYPES)
            if info.file_size > _CONTENT_TYPES_MAX:
                return None
            declared = archive.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, RuntimeError):
        return None
    return next((kind for kind, main in _OFFICE_MAIN.items() if main in declared), None)


def sniff(handle: IO[bytes]) -> FileKind | None:
    """The kind of file ``handle`` holds, judged by its content alone; None when unknown."""
    handle.seek(0)
    head = handle.read(8)
    handle.seek(0)
    kind: FileKind | None = None
    if head.startswith(b"%PDF-"):
        kind = FileKind.PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = FileKind.PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = FileKind.JPEG
    elif head.startswith(b"PK\x03\x04"):
        kind = _office_kind(handle)
    handle.seek(0)
    return kind


def check(upload) -> FileKind:
    """The kind of an upload whose content matches its extension, within the size limit.

    Raises ``FileRefused`` naming the file and what is wrong; nothing is
    stored either way (the caller stores the file only after this returns).
    """
    name = upload.name or "The file"
    limit = max_bytes()
    if upload.size > limit:
        raise FileRefused(too_large(name, limit, upload.size))
    if upload.size == 0:
        raise FileRefused(f"{name} is empty.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        allowed = ", ".join(f".{e}" for e in EXTENSIONS)
        raise FileRefused(f"{name} is not a kind of file the library takes ({allowed}).")
    found = sniff(upload)
    if found != claimed:
        what = f"a {found.label} file" if found else "not a file of any kind the library takes"
        raise FileRefused(
            f"{name} is named as a {claimed.label} file (.{extension}) but its content is {what}. "
            "Save it again in the right format, or give it the right extension."
        )
    return claimed
