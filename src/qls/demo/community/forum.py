"""The demo forum: 200 threads of QI questions and answers, 30 of them unanswered.

Categories for the QI tools, measurement and SPC, each strategic aim and each
site. The demo's log-ins ask and answer; some threads link to projects; one
question mentions the coach, who has it waiting under the bell. Rows are
bulk-created (the search index follows by trigger), so the step takes seconds.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qls.community.forum.mentions import mention_text
from qls.community.forum.models import (
    ForumCategory,
    ForumFollow,
    ForumNotification,
    ForumPost,
    ForumThread,
)
from qls.core.screening import contains_patient_identifier
from qls.demo.community import forum_words as words
from qls.demo.context import DemoContext, DemoStep
from qls.organisation.models import Site, StaffMember, StrategicAim

THREADS = 200
UNANSWERED = 30  # no reply at all
REPLIED_NOT_ANSWERED = 25  # replies, but nobody marked the answer yet


def _categories() -> dict[str, ForumCategory]:
    made = [ForumCategory(slug=s, name=n, description=d, position=i)
            for i, (s, n, d) in enumerate(words.CATEGORIES)]  # fmt: skip
    for aim in StrategicAim.objects.order_by("number"):
        made.append(ForumCategory(
            slug=f"aim-{aim.number}", name=f"Aim {aim.number}: {aim.title}"[:200],
            description="Projects and questions under this strategic aim.",
            kind=ForumCategory.Kind.AIM, aim=aim, position=10 + aim.number,
        ))  # fmt: skip
    for i, site in enumerate(Site.objects.order_by("name")):
        made.append(ForumCategory(
            slug=f"site-{site.code.lower()}", name=site.name,
            description=f"Improvement at {site.name}: clinics, teams and local questions.",
            kind=ForumCategory.Kind.SITE, site=site, position=30 + i,
        ))  # fmt: skip
    ForumCategory.objects.bulk_create(made)
    return {c.slug: c for c in ForumCategory.objects.all()}


def _questions(rng, categories: dict[str, ForumCategory]) -> list[tuple]:
    """(category, title, body, replies) for every thread, each title once."""
    aims = [c for c in categories.values() if c.kind == ForumCategory.Kind.AIM]
    sites = [c for c in categories.values() if c.kind == ForumCategory.Kind.SITE]
    seen: set[str] = set()
    out: list[tuple] = []
    while len(out) < THREADS:
        place, measure = rng.choice(words.PLACES), rng.choice(words.MEASURES)
        roll = rng.random()
        if roll < 0.12 and aims:
            cat = rng.choice(aims)
            title, body, replies = rng.choice(words.AIM_QUESTIONS)
            fill = {"place": place, "measure": measure, "aim": cat.aim.title if cat.aim else ""}
        elif roll < 0.22 and sites:
            cat = rng.choice(sites)
            title, body, replies = rng.choice(words.SITE_QUESTIONS)
            fill = {"site": cat.name, "measure": measure, "place": place}
        else:
            slug, title, body, replies = rng.choice(words.TOPICS)
            cat = categories[slug]
            fill = {"place": place, "measure": measure}
        title = title.format(**fill)[:200]
        if title in seen:
            continue
        seen.add(title)
        out.append((cat, title, body.format(**fill), [r.format(**fill) for r in replies]))
    return out


def build(ctx: DemoContext) -> None:
    users = ctx.users
    if "coach" not in users:
        return
    rng = ctx.rng("forum")
    now = timezone.now()
    categories = _categories()
    askers = [users[n] for n in ("staff", "lead", "analyst", "executive", "staff", "lead")]
    answerers = [users[n] for n in ("coach", "improvement", "lead", "coach", "analyst")]
    from qls.projects.models import Project

    projects = list(Project.objects.order_by("pk").values_list("pk", flat=True)[:400])
    questions = _questions(rng, categories)
    coach_staff = StaffMember.objects.filter(user=users["coach"]).first()

    threads, plans = [], []
    for i, (cat, title, body, replies) in enumerate(questions):
        asked = now - dt.timedelta(days=rng.uniform(5, 360), minutes=rng.randint(0, 600))
        if i < UNANSWERED:
            replies = []
            # Some recent, most older than the coaches' five days, to pick up.
            asked = now - dt.timedelta(days=rng.uniform(0.2, 40))
        if i == UNANSWERED - 1 and coach_staff is not None:
            body = f"{body}\n\n{mention_text(coach_staff)}, could you take a look?"
        author = rng.choice(askers)
        project = rng.choice(projects) if projects and rng.random() < 0.15 else None
        times = sorted(
            asked + dt.timedelta(hours=rng.uniform(1, 96)) for _ in replies[: rng.randint(1, 3)]
        )
        times = [t for t in times if t < now]
        threads.append(ForumThread(
            category=cat, title=title, author=author, project_id=project, created_at=asked,
            last_activity_at=times[-1] if times else asked, reply_count=len(times),
        ))  # fmt: skip
        plans.append((body, author, replies, times))
    ForumThread.objects.bulk_create(threads)

    posts = []
    for item, (body, author, replies, times) in zip(threads, plans, strict=True):
        if contains_patient_identifier(body):
            raise ValueError(f"demo forum text would be refused: {body[:60]}")
        posts.append(ForumPost(thread=item, author=author, body=body, opening=True,
                               created_at=item.created_at))  # fmt: skip
        for text, when in zip(replies, times, strict=False):
            by = rng.choice([u for u in answerers if u.pk != author.pk])
            posts.append(ForumPost(thread=item, author=by, body=text, created_at=when))
    ForumPost.objects.bulk_create(posts)

    first_reply: dict[int, ForumPost] = {}
    for p in posts:
        if not p.opening:
            first_reply.setdefault(p.thread_id, p)
    answered = []
    for i, item in enumerate(threads):
        reply = first_reply.get(item.pk)
        if reply is None or i < UNANSWERED + REPLIED_NOT_ANSWERED:
            continue
        item.answer, item.answered_by = reply, item.author
        answered.append(item)
    ForumThread.objects.bulk_update(answered, ["answer", "answered_by"])

    follows = [ForumFollow(user=t.author, thread=t) for t in threads]
    follows.append(ForumFollow(user=users["coach"], category=categories["measurement-spc"]))
    ForumFollow.objects.bulk_create(follows, ignore_conflicts=True)
    if coach_staff is not None:
        mentioned = threads[UNANSWERED - 1]
        ForumNotification.objects.create(
            user=users["coach"], kind=ForumNotification.Kind.MENTION, thread=mentioned,
            post=ForumPost.objects.get(thread=mentioned, opening=True),
            actor=mentioned.author, created_at=mentioned.created_at, emailed_at=now,
        )  # fmt: skip


def reset(ctx: DemoContext) -> None:
    ForumNotification.objects.all().delete()
    ForumThread.objects.update(answer=None)
    ForumThread.objects.all().delete()
    ForumCategory.objects.all().delete()


STEP = DemoStep("forum", build, reset)
