"""Upload checks: the one size limit, reading or storing an upload within it.

Every upload is held to one limit, ``QLS_MAX_UPLOAD_BYTES`` from settings
(read on each call, so a test may override it). The size is checked before a byte is read when the upload says how large it
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


def max_bytes() -> int:
    """The largest upload QLS takes (settings ``QLS_MAX_UPLOAD_BYTES``)."""
    return settings.QLS_MAX_UPLOAD_BYTES


def read_limited(upload: IO[bytes] | bytes, *, file_name: str) -> bytes:
    """The upload's bytes, refused by its declared size before a byte is read.

    A stream that gives no size is read one byte past the limit and no
    further, so it is refused without more than the limit in memory. An
    empty upload is returned empty: what that means is the caller's to say.
    """
    limit = max_bytes()
    size = len(upload) if isinstance(upload, bytes) else getattr(upload, "size", None)
    if size is not None and size > limit:
        raise UploadRefused(too_large(file_name, limit, size))
    data = upload if isinstance(upload, bytes) else upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(too_large(file_name, limit))
    return data


def upload_dir(name: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def too_large(file_name: str, limit: int, size: int | None = None) -> str:
    got = f" ({size / MB:.1f} MB)" if size is not None else ""
    return f"{file_name} is too large{got}: the limit is {limit / MB:g} MB."


def store_upload(upload: IO[bytes], *, file_name: str, folder: str) -> StoredUpload:
    """Copy ``upload`` to a new file under MEDIA_ROOT/``folder``, within the one limit."""
    limit = max_bytes()
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
