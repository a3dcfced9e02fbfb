"""The demo trust's glossary (``manage.py demo``): the shared improvement language."""

from __future__ import annotations

from django.utils.text import slugify

from qls.community.glossary import queries
from qls.community.glossary.demo_data import TERMS
from qls.community.glossary.models import Term
from qls.organisation.demo import DemoContext, DemoStep, register


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


def register_step() -> None:
    register(DemoStep("community-glossary", order=940, build=build, reset=reset))
