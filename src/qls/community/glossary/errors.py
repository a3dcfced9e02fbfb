"""What can go wrong with a glossary term, one class per kind."""

from __future__ import annotations


class GlossaryError(Exception):
    """Something about a term that the person must put right."""


class NameTakenError(GlossaryError):
    """Another term already uses this name (as its term or as another name)."""

    def __init__(self, message: str, *, name: str) -> None:
        super().__init__(message)
        self.name = name
