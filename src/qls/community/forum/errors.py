"""What the forum refuses, one class per kind (turned into a message by the views)."""

from __future__ import annotations


class ForumError(Exception):
    """Something the forum refused to do."""


class ThreadLocked(ForumError):
    """The thread is locked: no new replies or edits."""


class NotAllowed(ForumError):
    """This person may not do that to this post or thread."""


class NotAReply(ForumError):
    """Only a visible reply in the same thread can be its answer."""


class AlreadyReported(ForumError):
    """This person has already reported this post."""


class IdentifierFound(ForumError):
    """A field holds a patient identifier; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
