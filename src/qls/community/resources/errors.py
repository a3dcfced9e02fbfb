"""What can go wrong with a resource, one class per kind.

Actions raise these; views turn them into a message on the form.
"""

from __future__ import annotations


class ResourceError(Exception):
    """Something about a resource that the person must put right."""


class FileRefused(ResourceError):
    """An upload whose content does not match its extension, too large, or empty."""
