"""Writes to the glossary: add, change and remove a term (keyword-only, atomic).

A name (a term or one of its other names) belongs to one term only, compared
without regard to case, so a word in a piece of text links to one place.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from qls.community.glossary import queries
from qls.community.glossary.errors import NameTakenError
from qls.community.glossary.models import Term


def _names(term: str, aliases: str) -> list[str]:
    return [term.strip(), *(a.strip() for a in aliases.split(",") if a.strip())]


def _check_names(names: list[str], *, keep: Term | None) -> None:
    wanted = {n.casefold(): n for n in names}
    others = Term.objects.exclude(pk=keep.pk) if keep else Term.objects.all()
    for other in others.only("term", "aliases"):
        for name in other.names:
            if name.casefold() in wanted:
                taken = wanted[name.casefold()]
                raise NameTakenError(
                    f"“{taken}” is already in the glossary, under {other.term}.", name=taken
                )


def _slug(term: str, keep: Term | None) -> str:
    base = slugify(term)[:90].strip("-") or "term"
    slug, n = base, 2
    taken = Term.objects.exclude(pk=keep.pk) if keep else Term.objects.all()
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_term(
    *, term: Term | None = None, name: str, definition: str, aliases: str = "", by: Any
) -> Term:
    """Add a term (``term`` None) or change one. Raises ``NameTakenError``."""
    with transaction.atomic():
        _check_names(_names(name, aliases), keep=term)
        if term is None:
            term = Term(slug=_slug(name, None))
        term.term, term.definition, term.aliases = name.strip(), definition, aliases
        term.updated_by = by
        term.save()
        queries.forget()
        transaction.on_commit(queries.forget)  # and again, should a reader re-cache mid-save
    return term


def remove_term(*, term: Term) -> None:
    with transaction.atomic():
        term.delete()
        queries.forget()
        transaction.on_commit(queries.forget)  # and again, should a reader re-cache mid-save
