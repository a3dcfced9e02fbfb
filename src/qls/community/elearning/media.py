"""Checks on a chapter's image, video and captions, by content as well as by name.

A file is refused when its bytes are not what its extension says (a renamed
program is not a video), when it is larger than its limit, or, for
captions, when it is not a WebVTT file (which starts with ``WEBVTT``).
A video is refused without captions: WCAG 2.2 AA asks for captions on
prerecorded video.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from qls.community.elearning.errors import MediaRefused
from qls.core.uploads import MB, too_large

IMAGE_MAX = 5 * MB
VIDEO_MAX = 200 * MB
CAPTIONS_MAX = MB // 2

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
CAPTIONS_TYPE = "text/vtt"


def _head(upload: Any, size: int = 64) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return bytes(head)


def _suffix(upload: Any) -> str:
    return PurePath(upload.name or "").suffix.lower()


def _size(upload: Any, limit: int) -> None:
    if upload.size > limit:
        raise MediaRefused(too_large(PurePath(upload.name).name, limit, upload.size))
    if upload.size == 0:
        raise MediaRefused(f"{PurePath(upload.name).name} is empty.")


def _matches(suffix: str, head: bytes) -> bool:
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".mp4":
        return head[4:8] == b"ftyp"
    if suffix == ".webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    return False


def check_image(upload: Any) -> None:
    _check(upload, IMAGE_TYPES, IMAGE_MAX, "Image", "a PNG or JPEG picture")


def check_video(upload: Any) -> None:
    _check(upload, VIDEO_TYPES, VIDEO_MAX, "Video", "an MP4 or WebM video")


def _check(upload: Any, types: dict[str, str], limit: int, label: str, kind: str) -> None:
    name = PurePath(upload.name or "").name
    suffix = _suffix(upload)
    if suffix not in types:
        raise MediaRefused(f"{label}: {name} must be {kind} ({', '.join(types)}).")
    _size(upload, limit)
    if not _matches(suffix, _head(upload)):
        raise MediaRefused(f"{label}: the content of {name} is not {kind}, whatever its name says.")


def check_captions(upload: Any) -> None:
    """A WebVTT file: named .vtt, UTF-8 text, starting with WEBVTT (after an optional BOM)."""
    name = PurePath(upload.name or "").name
    if _suffix(upload) != ".vtt":
        raise MediaRefused(f"Captions: {name} must be a WebVTT file (.vtt).")
    _size(upload, CAPTIONS_MAX)
    head = _head(upload, 16)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"WEBVTT") or (len(head) > 6 and head[6:7] not in b" \t\r\n"):
        raise MediaRefused(
            f"Captions: {name} is not a WebVTT file: its first line must start with WEBVTT."
        )


def content_type(file_name: str) -> str:
    suffix = PurePath(file_name).suffix.lower()
    return {**IMAGE_TYPES, **VIDEO_TYPES, ".vtt": CAPTIONS_TYPE}.get(
        suffix, "application/octet-stream"
    )
