"""Forum records for tests: categories, and threads opened through the action."""

from __future__ import annotations

import factory

from qls.community.forum.models import ForumCategory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"QI tools {n}")
    slug = factory.Sequence(lambda n: f"qi-tools-{n}")
    description = "Process maps, driver diagrams and PDSA."


def thread(by, *, title="How many PDSA cycles before we adopt?", body="We ran two.", **kw):
    from qls.community.forum import actions

    return actions.start_thread(
        category=kw.pop("category", None) or CategoryFactory(),
        title=title,
        body=body,
        by=by,
        **kw,
    )
