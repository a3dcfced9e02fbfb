"""The registry dashboard: how many projects, where, at what stage, and which improved.

Every count links to the project list filtered to the projects it counts;
every table downloads as CSV or Excel (``?download=csv&table=sites``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from qls.core.breadcrumbs import home
from qls.core.exports import table_response
from qls.projects.charts import quarter_chart
from qls.projects.dashboard import TABLES, Tally, build_dashboard
from qls.projects.views.lists import export_format


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    data = build_dashboard()
    fmt = export_format(request)
    if fmt:
        name = request.GET.get("table", "")
        if name not in TABLES:
            raise Http404("No such table on the dashboard")
        return table_response(
            TABLES[name],
            [_first_header(name), "Projects", "With evidence of improvement"],
            ([t.label, t.count, t.improved] for t in data.table(name)),
            fmt,
            sheet=TABLES[name][:31],
        )
    list_url = reverse("projects:index")
    tables = [
        {
            "name": name,
            "title": title,
            "first_header": _first_header(name),
            "rows": [_linked(list_url, t) for t in data.table(name)],
            "csv": "?" + urlencode({"download": "csv", "table": name}),
            "xlsx": "?" + urlencode({"download": "xlsx", "table": name}),
        }
        for name, title in TABLES.items()
    ]
    context = {
        "data": data,
        "tables": tables,
        "chart": quarter_chart(data),
        "all_url": list_url,
        "improved_url": list_url + "?evidence=on",
        "open_url": list_url
        + "?"
        + urlencode(
            [("stage", s) for s in ("idea", "scoping", "testing", "implementing", "sustaining")]
        ),
        "closed_url": list_url + "?stage=closed",
        "crumbs": home(("QI projects", list_url)),
    }
    return render(request, "projects/dashboard/dashboard.html", context)


def _first_header(name: str) -> str:
    return {
        "quarters": "Quarter registered",
        "aims": "Strategic aim",
        "sites": "Site",
        "stages": "Stage",
        "categories": "Category",
        "lead_groups": "Lead's staff group",
    }[name]


def _linked(list_url: str, t: Tally) -> dict:
    return {
        "label": t.label,
        "count": t.count,
        "improved": t.improved,
        "url": list_url + ("?" + urlencode(t.filters) if t.filters else ""),
        "improved_url": list_url + "?" + urlencode({**t.filters, "evidence": "on"}),
    }
