"""Storing an upload on disk for a background job, refusing it by size first.

The size is checked before a byte is read when the upload says how large it
is, and again while it is copied (in chunks, never whole in memory), so an
upload that does not say, or says wrongly, stops at the limit. Either way
nothing is left on disk.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

MB = 1024 * 1024


class UploadRefused(Exception):
    """The upload is too large or empty; ``message`` names the file and the limit."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StoredUpload:
    path: Path
    sha256: str
    size: int


def upload_dir(name: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def too_large(file_name: str, limit: int, size: int | None = None) -> str:
    got = f" ({size / MB:.1f} MB)" if size is not None else ""
    return f"{file_name} is too large{got}: the limit is {limit / MB:g} MB."


def store_upload(upload: IO[bytes], *, file_name: str, folder: str, limit: int) -> StoredUpload:
    """Copy ``upload`` to a new file under MEDIA_ROOT/``folder``, at most ``limit`` bytes."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise UploadRefused(too_large(file_name, limit, size))
    target = upload_dir(folder) / f"{uuid.uuid4().hex}{Path(file_name).suffix.lower()}"
    digest = hashlib.sha256()
    written = 0
    chunks = upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(MB), b"")
    try:
        with target.open("wb") as out:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise UploadRefused(too_large(file_name, limit))
                digest.update(chunk)
                out.write(chunk)
        if written == 0:
            raise UploadRefused(f"{file_name} is empty.")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return StoredUpload(path=target, sha256=digest.hexdigest(), size=written)
