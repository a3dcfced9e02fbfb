"""The demo trust's glossary (``manage.py demo``): the shared improvement language."""

from __future__ import annotations

from django.utils.text import slugify

from qls.community.glossary import queries
from qls.community.glossary.models import Term
from qls.demo.community.glossary_terms import TERMS
from qls.demo.context import DemoContext, DemoStep


def build(ctx: DemoContext) -> None:
    by = ctx.users.get("improvement")
    Term.objects.bulk_create(
        Term(term=term, slug=slugify(term), aliases=aliases, definition=definition, updated_by=by)
        for term, aliases, definition in TERMS
    )
    queries.forget()


def reset(ctx: DemoContext) -> None:
    Term.history.all().delete()
    Term.objects.all().delete()
    queries.forget()


STEP = DemoStep("community-glossary", build, reset)
