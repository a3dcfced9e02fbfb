"""The ward programme's charts as Vega-Lite specs: the programme dashboard (wards by
stage, accreditation levels by quarter), a ward's audit scores, and its staff survey."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from qls.core.charts import Chart
from qls.organisation.models import Ward
from qls.spc import xmr
from qls.spc.charts import ICON_LABELS, event_key, series_spec
from qls.wards.audit_templates import version_changes
from qls.wards.models import AccreditationLevel, Audit

if TYPE_CHECKING:
    from qls.wards.dashboard import Dashboard


class SurveyRow(Protocol):
    """A staff survey theme: the ward's score and the site's and trust's averages."""

    theme: str
    ward: float
    site: float | None
    trust: float | None


def dashboard_charts(dash: Dashboard) -> list[Chart]:
    """The programme dashboard's charts: wards by stage and site, then accreditation levels."""
    stage_values = [
        {"site": row.site.name, "stage": label, "stage_order": i, "wards": n}
        for row in dash.stages
        for i, (label, n) in enumerate(zip(dash.stage_labels, row.counts, strict=True))
    ]
    order = dash.stage_labels
    stage_chart = Chart(
        id="wards-by-stage",
        title="Wards by stage and site",
        spec={
            "$schema": "https://vega.github.io/schema/vega-lite/v5.21.json",
            "width": "container",
            "data": {"values": stage_values},
            "mark": "bar",
            "encoding": {
                "y": {"field": "site", "type": "nominal", "title": None},
                "x": {"field": "wards", "type": "quantitative", "title": "Wards"},
                "color": {
                    "field": "stage",
                    "type": "nominal",
                    "sort": order,
                    "title": "Stage",
                    "scale": {"range": ["#aeb7bd", "#41b6e6", "#005eb8", "#003087", "#007f3b"]},
                },
                "order": {"field": "stage_order"},
                "tooltip": [{"field": "site"}, {"field": "stage"}, {"field": "wards"}],
            },
        },
        description=(
            "Stacked bars of the programme's wards at each site by stage. "
            + "; ".join(
                f"{row.site.name}: {row.started} of {row.total} started, "
                f"{row.planned_started} due by plan"
                for row in dash.stages
            )
        ),
        headers=["Site", *dash.stage_labels, "Due to have started by plan"],
        rows=[[row.site.name, *row.counts, row.planned_started] for row in dash.stages],
    )
    out = [stage_chart]
    if dash.accreditation:
        levels = level_order(item["level"] for item in dash.accreditation)
        quarters = list(dict.fromkeys(item["quarter"] for item in dash.accreditation))
        table = {(i["quarter"], i["level"]): i["wards"] for i in dash.accreditation}
        out.append(
            Chart(
                id="accreditation-levels",
                title="Programme wards at each accreditation level, by quarter",
                spec={
                    "$schema": "https://vega.github.io/schema/vega-lite/v5.21.json",
                    "width": "container",
                    "data": {
                        "values": [
                            {**item, "level_rank": levels.index(item["level"])}
                            for item in dash.accreditation
                        ]
                    },
                    "mark": "bar",
                    "encoding": {
                        "x": {"field": "quarter", "type": "ordinal", "title": None},
                        "y": {"field": "wards", "type": "quantitative", "title": "Wards"},
                        "color": {
                            "field": "level",
                            "type": "nominal",
                            "sort": levels,
                            "scale": {"domain": levels, "range": level_colours(levels)},
                            "title": "Level",
                        },
                        # Stack from the lowest level up, in the legend's order.
                        "order": {"field": "level_rank", "type": "quantitative"},
                        "tooltip": [{"field": "quarter"}, {"field": "level"}, {"field": "wards"}],
                    },
                },
                description=(
                    f"Stacked bars of wards by accreditation level at the end of each quarter "
                    f"from {quarters[0]} to {quarters[-1]}."
                ),
                headers=["Quarter", *levels],
                rows=[[q, *(table.get((q, lv), 0) for lv in levels)] for q in quarters],
            )
        )
    return out


NOT_ACCREDITED = "Not accredited"
# Each level in its own metal, dark enough for 3:1 contrast on white (WCAG 1.4.11).
METAL_COLOURS = {"bronze": "#a0632a", "silver": "#7f8a93", "gold": "#a47a00"}
OTHER_COLOURS = ["#005eb8", "#007f3b", "#330072", "#8a1538"]  # NHS palette, for other names
NOT_ACCREDITED_COLOUR = "#425563"


def level_order(names: Any) -> list[str]:
    """Level names lowest first ("Not accredited", then by the level's order)."""
    present = set(names)
    ranked = [
        NOT_ACCREDITED,
        *AccreditationLevel.objects.order_by("order").values_list("name", flat=True),
    ]
    return [n for n in ranked if n in present] + sorted(present - set(ranked))


def level_colours(levels: list[str]) -> list[str]:
    out, spare = [], iter(OTHER_COLOURS * 3)
    for name in levels:
        if name == NOT_ACCREDITED:
            out.append(NOT_ACCREDITED_COLOUR)
        else:
            out.append(METAL_COLOURS.get(name.strip().lower()) or next(spare))
    return out


def audit_score_chart(found: Ward, audits: list[Audit]) -> Chart:
    """XmR chart of a ward's submitted audit scores; each template version change rebases it."""
    xs = [a.date.isoformat() for a in audits]
    # Scores compare within a template version: each version change is a rebase.
    changes = version_changes(audits)
    rebase = sorted({c["x"].isoformat() for c in changes})
    options: dict[str, Any] = {"rebase": rebase} if rebase else {}
    result = xmr([a.score for a in audits], x=xs, improvement_direction="increase", **options)
    summary = result.summary.to_pylist()[0]
    events = [{**c, "x": c["x"].isoformat()} for c in changes]
    spec = series_spec(
        result.points,
        0,
        title=f"Accreditation audit score, {found.name}",
        y_label="Score (%)",
        summary=summary,
        width="container",
        events=events,
    )
    rebased = "".join(
        f" From {c['x']:%-d %B %Y} audits use {c['label'][0].lower()}{c['label'][1:]};"
        " the limits start again there."
        for c in changes
    )
    return Chart(
        id="audit-scores",
        title=f"Accreditation audit scores, {found.name}",
        spec=spec,
        description=(
            f"XmR chart of {len(audits)} audit scores from {audits[0].date:%-d %B %Y} to "
            f"{audits[-1].date:%-d %B %Y}. Latest score {audits[-1].score:.0f}%. "
            f"{ICON_LABELS.get(summary['variation_icon'], '')}{rebased}"
        ),
        headers=["Date", "Score (%)", "Audit template"],
        rows=[(a.date, f"{a.score:.1f}", str(a.template)) for a in audits],
        key=event_key(events),
    )


def survey_chart(ward: Ward, survey: str, rows: list[SurveyRow]) -> Chart:
    """A ward's staff survey themes, each beside the site and trust averages."""
    return Chart(
        id="survey",
        title=f"{survey}: {ward.name} against site and trust",
        spec=survey_spec(ward, rows),
        description=(
            f"Bar chart of {len(rows)} staff survey themes for {ward.name}, "
            "each beside the average of the site's and the trust's programme wards."
        ),
        headers=["Theme", ward.name, "Site average", "Trust average"],
        rows=[(r.theme, r.ward, r.site, r.trust) for r in rows],
    )


def survey_spec(ward: Ward, rows: list[SurveyRow]) -> dict[str, Any]:
    """Grouped bars: ward, site and trust average per theme (Vega-Lite)."""
    values = []
    for r in rows:
        values.append({"theme": r.theme, "who": ward.name, "score": r.ward})
        if r.site is not None:
            values.append({"theme": r.theme, "who": "Site average", "score": r.site})
        if r.trust is not None:
            values.append({"theme": r.theme, "who": "Trust average", "score": r.trust})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.21.json",
        "width": "container",
        # Bars have a height per theme: only the width fits the page.
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "theme", "type": "nominal", "title": None, "axis": {"labelLimit": 260}},
            "yOffset": {"field": "who", "sort": [ward.name, "Site average", "Trust average"]},
            "x": {"field": "score", "type": "quantitative", "title": "Score (0 to 10)",
                  "scale": {"domain": [0, 10]}},
            "color": {
                "field": "who",
                "type": "nominal",
                "title": None,
                "sort": [ward.name, "Site average", "Trust average"],
                "scale": {"range": ["#005eb8", "#768692", "#aeb7bd"]},
                "legend": {"orient": "bottom"},
            },
            "tooltip": [{"field": "theme"}, {"field": "who"}, {"field": "score"}],
        },
    }  # fmt: skip
