"""The A3 project poster for the celebration event, as a PDF (WeasyPrint).

Everything on it comes from the project: title and team, problem and aim,
the driver diagram (the same SVG as the project page), a PDSA summary, the
key measure's SPC chart with its annotations, the evidence of improvement
and the lessons learned. Nothing is fetched from the network: images are
inline data URIs and fonts are the machine's own (``local_fetcher`` refuses
any other URL WeasyPrint might meet).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from qls.projects.diagram import driver_diagram_svg, driver_tree
from qls.projects.models import Evidence, Measure, PDSACycle, Project, ProjectMember
from qls.spc.charts import spec_to_svg

MAX_CYCLES = 8
# The key measure's chart spans the page (A3 less its margins is 1,032 CSS
# pixels wide), drawn at the size it is printed so its words print at their
# own size: a 560-pixel chart squeezed into a column printed 8 pt labels at 6.
CHART_WIDTH = 1000
CHART_HEIGHT = 300
# Room the chart may grow into, so the poster fills its page, and the least
# it keeps when a project's words fill most of the page.
MAX_CHART_HEIGHT = 700
MIN_CHART_HEIGHT = 200
PX_PER_MM = 96 / 25.4
# Characters of each text that fit its box on the A3 page. Text is stored up
# to qls.core.limits.LONG_TEXT_MAX; beyond these it is cut with "…" and the
# poster says which texts were shortened, so nothing is cut without a word.
FITS = {"problem": 1500, "aim_statement": 600, "lessons": 700, "do_differently": 400}


@dataclass
class PosterContent:
    project: Project
    team: dict[str, list[str]]
    diagram_uri: str
    cycles: list[PDSACycle]
    more_cycles: int
    measure: Measure | None
    chart_uri: str
    chart_note: str
    chart_spec: dict[str, Any] | None
    chart_key: list  # numbered markers on the chart, with each cycle's full title
    evidence: list[Evidence]
    lessons: str = ""
    do_differently: str = ""
    aim_achieved: str = ""
    generated: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    fits: dict[str, int] = field(default_factory=lambda: dict(FITS))
    shortened: list[str] = field(default_factory=list)


def _chart_uri(spec: dict[str, Any], height: int) -> str:
    return _svg_uri(spec_to_svg({**spec, "width": CHART_WIDTH, "height": height}))


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def key_measure(project: Project) -> Measure | None:
    """The measure the poster charts: an improved outcome measure if any, else the
    first outcome measure, else the first measure."""
    measures = list(project.measures.select_related("series", "project"))
    found = {e.measure_id for e in Evidence.objects.filter(measure__in=measures, found=True)}

    def rank(m: Measure) -> tuple[int, int, int]:
        return (m.pk not in found, m.kind != Measure.Kind.OUTCOME, m.position)

    return min(measures, key=rank) if measures else None


def poster_content(project: Project) -> PosterContent:
    # The measure chart is built the page's way.
    from qls.projects.services.summary import measure_summary

    team: dict[str, list[str]] = {}
    for m in project.members.select_related("staff").order_by("role", "staff__last_name"):
        team.setdefault(m.get_role_display(), []).append(
            f"{m.staff.full_name}, {m.staff.job_role}" if m.staff.job_role else m.staff.full_name
        )
    order = [r.label for r in ProjectMember.Role]
    team = {role: team[role] for role in order if role in team}
    tree = driver_tree(project)
    diagram = driver_diagram_svg(project, tree, svg_id="poster-diagram") if tree else ""
    cycles = list(
        PDSACycle.objects.filter(change_idea__project=project)
        .select_related("change_idea")
        .order_by("started_on", "change_idea__position", "number")
    )
    measure = key_measure(project)
    chart_uri, chart_note = "", ""
    chart_key: list = []
    spec: dict[str, Any] | None = None
    if measure is not None:
        view = measure_summary(measure)
        if view.chart is not None:
            spec = dict(view.chart.spec)
            # The section heading names the measure; the y-axis gives its unit, once.
            spec.pop("title", None)
            chart_uri = _chart_uri(spec, CHART_HEIGHT)
            chart_note = view.chart.description
            chart_key = list(view.chart.key)
        else:
            chart_note = view.problem
    evaluation = getattr(project, "evaluation", None) if _has_evaluation(project) else None
    texts = {
        "problem": ("the problem", project.problem),
        "aim_statement": ("the aim", project.aim_statement),
        "lessons": ("the lessons learned", evaluation.lessons_learned if evaluation else ""),
        "do_differently": (
            "what we would do differently",
            evaluation.do_differently if evaluation else "",
        ),
    }
    return PosterContent(
        shortened=[label for key, (label, text) in texts.items() if len(text) > FITS[key]],
        project=project,
        team=team,
        diagram_uri=_svg_uri(diagram) if diagram else "",
        cycles=cycles[:MAX_CYCLES],
        more_cycles=max(0, len(cycles) - MAX_CYCLES),
        measure=measure,
        chart_uri=chart_uri,
        chart_note=chart_note,
        chart_spec=spec,
        chart_key=chart_key,
        evidence=list(
            Evidence.objects.filter(measure__project=project, found=True).select_related("measure")
        ),
        lessons=evaluation.lessons_learned if evaluation else "",
        do_differently=evaluation.do_differently if evaluation else "",
        aim_achieved=evaluation.get_aim_achieved_display() if evaluation else "",
        generated=timezone.localdate(),
    )


def _has_evaluation(project: Project) -> bool:
    from qls.projects.models import Evaluation

    return Evaluation.objects.filter(project=project).exists()


def local_fetcher():  # type: ignore[no-untyped-def]
    """A WeasyPrint URL fetcher that serves inline ``data:`` URLs and refuses every other."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def poster_html(project: Project) -> str:
    return render_to_string("projects/poster/poster.html", {"poster": poster_content(project)})


def _layout(content: PosterContent):  # type: ignore[no-untyped-def]
    from weasyprint import HTML

    html = render_to_string("projects/poster/poster.html", {"poster": content})
    return HTML(string=html, url_fetcher=local_fetcher()).render()


def free_height(document) -> float:  # type: ignore[no-untyped-def]
    """CSS pixels left empty below the footer of a one-page poster (0 if it
    spilled onto a second page)."""
    if len(document.pages) != 1:
        return 0.0
    page = document.pages[0]
    box = page._page_box  # WeasyPrint's laid-out page: the only place positions live
    bottom = page.height - box.margin_bottom
    stack = [box]
    while stack:
        b = stack.pop()
        if getattr(b, "element_tag", "") == "footer":
            return float(bottom - (b.position_y + b.margin_height()))
        stack.extend(getattr(b, "children", []))
    return 0.0


def poster_document(project: Project):  # type: ignore[no-untyped-def]
    """The poster laid out on one A3 page, its chart grown to fill what the
    project's words leave empty (a short project would leave half the page
    blank; a long one keeps the chart at its smallest readable size)."""
    content = poster_content(project)
    document = _layout(content)
    if content.chart_spec is None:
        return document
    if len(document.pages) > 1:
        # A project of many words: the chart gives way, down to its smallest readable size.
        content.chart_uri = _chart_uri(content.chart_spec, MIN_CHART_HEIGHT)
        return _layout(content)
    spare = int(free_height(document)) - 8  # a little air above the page's edge
    if spare > 0:
        height = min(CHART_HEIGHT + spare, MAX_CHART_HEIGHT)
        content.chart_uri = _chart_uri(content.chart_spec, height)
        grown = _layout(content)
        if len(grown.pages) == 1:
            document = grown
    return document


def render_poster(project: Project) -> bytes:
    """The poster as PDF bytes, one A3 page."""
    return bytes(poster_document(project).write_pdf())
