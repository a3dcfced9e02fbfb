"""What an uploaded data-sharing agreement really is: a PDF or a Word document.

The resource library's checks are reused: the content is read from its first
bytes (``qls.community.resources.files.sniff``) and must match the extension,
within the same size limit as every other upload.
"""

from __future__ import annotations

from typing import Any

from qls.community.resources.files import sniff
from qls.community.resources.models import FileKind
from qls.core.uploads import max_bytes, too_large
from qls.system.sharing.errors import AgreementRefused

EXTENSIONS: dict[str, FileKind] = {"pdf": FileKind.PDF, "docx": FileKind.DOCX}


def check(upload: Any) -> FileKind:
    """The kind of an agreement whose content matches its extension, within the limit.

    Raises ``AgreementRefused`` naming the file and what is wrong.
    """
    name = upload.name or "The file"
    limit = max_bytes()
    if upload.size > limit:
        raise AgreementRefused(too_large(name, limit, upload.size))
    if upload.size == 0:
        raise AgreementRefused(f"{name} is empty.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise AgreementRefused(f"{name} is not a PDF (.pdf) or Word (.docx) document.")
    found = sniff(upload)
    if found != claimed:
        what = f"a {found.label} file" if found else "not a PDF or Word document"
        raise AgreementRefused(
            f"{name} is named as a {claimed.label} file (.{extension}) but its content is {what}."
        )
    return claimed
