"""Benchmark of search and posters when every project's text is as long as QLS allows.

Run: .venv/bin/python bench/bench_text_limits.py [--projects 300] [--requests 60]
     [--database-url URL] [--pg-database NAME] [--keep PATH] [--reuse]

Builds the demo trust's organisation (structure, staff, log-ins) into a
throw-away SQLite database, then stores ``--projects`` projects with every
text at its limit (qls.core.limits): a 200-character title, a 10,000-character
problem, aim and patient involvement, three change ideas with two PDSA cycles
each whose five notes are 10,000 characters, and an evaluation at the limit.
Then it times, signed in as a member of staff with Django's test client:

* the project search page (/projects/?q=...) for words every project holds,
  words a few hold and a word none holds, against "< 500 ms at the 95th
  percentile";
* the A3 poster PDF of the longest projects, against "< 3 s" for the slowest.

Before the limits one 4.5 MB problem statement made both run past 60 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, build_demo_up_to, open_database, percentile

SEARCH_TARGET_MS = 500.0
POSTER_TARGET_S = 3.0
QUERIES = ["falls", "night staffing", "handover bay", "zebra", "discharge lounge", "falls night"]
WORDS = [
    "falls",
    "night",
    "staffing",
    "handover",
    "bay",
    "discharge",
    "lounge",
    "medicines",
    "round",
    "huddle",
    "sepsis",
    "screening",
    "pressure",
    "ulcers",
    "delirium",
    "nutrition",
    "hydration",
    "theatre",
    "lists",
]


def _text(seed: int, limit: int) -> str:
    """Prose of exactly ``limit`` characters, different for each seed."""
    words = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(limit // 4)]
    return " ".join(words)[:limit]


def store_projects(count: int) -> list[int]:
    """``count`` projects with every text at its limit; returns their ids."""
    from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX
    from qls.organisation.models import Site, StrategicAim
    from qls.projects.models import DriverNode, Evaluation, PDSACycle, Project
    from qls.projects.search.documents import index_projects

    site = Site.objects.order_by("pk").first()
    aim = StrategicAim.objects.order_by("pk").first()
    long = LONG_TEXT_MAX
    projects = Project.objects.bulk_create(
        Project(
            title=f"Longest project {n} " + _text(n, TITLE_MAX - 30),
            problem=_text(n, long),
            aim_statement=_text(n + 1, long),
            patient_involvement=_text(n + 2, long),
            site=site,
            start_date=dt.date(2025, 1, 6),
            category=Project.Category.IMPROVE,
            coproduction_level=Project.Coproduction.INVOLVING,
            stage=Project.Stage.TESTING,
        )
        for n in range(count)
    )
    Project.strategic_aims.through.objects.bulk_create(
        Project.strategic_aims.through(project_id=p.pk, strategicaim_id=aim.pk) for p in projects
    )
    primaries = DriverNode.objects.bulk_create(
        DriverNode(project=p, kind=DriverNode.Kind.PRIMARY, text=_text(p.pk, 300)) for p in projects
    )
    ideas = DriverNode.objects.bulk_create(
        DriverNode(
            project_id=d.project_id,
            parent=d,
            kind=DriverNode.Kind.CHANGE_IDEA,
            text=_text(i, 300),
            position=i,
        )
        for d in primaries
        for i in range(3)
    )
    PDSACycle.objects.bulk_create(
        PDSACycle(
            change_idea=idea,
            number=number,
            plan_what=_text(idea.pk, long),
            prediction=_text(idea.pk + 1, long),
            do_notes=_text(idea.pk + 2, long),
            study_notes=_text(idea.pk + 3, long),
            act_notes=_text(idea.pk + 4, long),
            started_on=dt.date(2025, 2, 3),
        )
        for idea in ideas
        for number in (1, 2)
    )
    Evaluation.objects.bulk_create(
        Evaluation(
            project=p,
            aim_achieved="partly",
            **{
                name: _text(p.pk + i, long)
                for i, name in enumerate(
                    (
                        "evidence",
                        "sustainability_plan",
                        "spread_potential",
                        "costs_benefits",
                        "lessons_learned",
                        "do_differently",
                    )
                )
            },
        )
        for p in projects
    )
    index_projects([p.pk for p in projects])
    return [p.pk for p in projects]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--posters", type=int, default=5)
    add_database_options(parser, "qls_bench_text_limits")
    args = parser.parse_args()

    _url, tmp = open_database(args, prefix="qls-bench-text-limits-")
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.db.models import Sum
    from django.db.models.functions import Length
    from django.test import Client
    from django.test.utils import setup_test_environment

    from qls.projects.models import Project, SearchDocument
    from qls.projects.poster import render_poster

    setup_test_environment()
    if not args.reuse:
        build_demo_up_to("logins", "standard")
    if not Project.objects.exists():
        started = time.perf_counter()
        with transaction.atomic():
            store_projects(args.projects)
        print(
            f"stored {args.projects} projects at the limits in {time.perf_counter() - started:.0f} s"
        )
    indexed = SearchDocument.objects.aggregate(n=Sum(Length("summary")) + Sum(Length("detail")))[
        "n"
    ]
    print(
        f"{connection.vendor}: {Project.objects.count():,} projects, "
        f"{indexed or 0:,} characters in the search index"
    )

    client = Client()
    client.force_login(get_user_model().objects.get(username="staff"))
    urls = [
        "/projects/?" + urlencode({"q": QUERIES[i % len(QUERIES)]}) for i in range(args.requests)
    ]
    for url in urls[: len(QUERIES)]:
        assert client.get(url).status_code == 200, url
    times = []
    for url in urls:
        begun = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - begun) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    longest = list(Project.objects.order_by("-pk").values_list("pk", flat=True)[: args.posters])
    poster_times = []
    for pk in longest:
        begun = time.perf_counter()
        pdf = render_poster(Project.objects.get(pk=pk))
        poster_times.append(time.perf_counter() - begun)
        assert pdf.startswith(b"%PDF")

    search_p95 = percentile(times, 95)
    poster_worst = max(poster_times)
    ok_search, ok_poster = search_p95 < SEARCH_TARGET_MS, poster_worst < POSTER_TARGET_S
    print()
    print(f"{'what':<16}{'runs':>6}{'median':>11}{'p95/max':>11}  target          result")
    print(
        f"{'search page':<16}{len(times):>6}{statistics.median(times):>9.0f}ms"
        f"{search_p95:>9.0f}ms  p95 < {SEARCH_TARGET_MS:.0f} ms    "
        f"{'pass' if ok_search else 'FAIL'}"
    )
    print(
        f"{'poster PDF':<16}{len(poster_times):>6}{statistics.median(poster_times):>10.2f}s"
        f"{poster_worst:>10.2f}s  max < {POSTER_TARGET_S:.0f} s       "
        f"{'pass' if ok_poster else 'FAIL'}"
    )
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok_search and ok_poster else 1


if __name__ == "__main__":
    sys.exit(main())
