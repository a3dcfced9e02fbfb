"""Every chart any page of the demo shows is drawn, with its points.

A spec can be valid JSON, pass every unit test of its builder, and still
draw nothing: quarters given as "2025-Q1" to a time axis left the projects
dashboard's c chart empty, with only "Infinite extent for field x" in the
browser's console to say so. So this walks the demo's pages as the
improvement team would, collects every chart spec the pages carry (inline
in a JSON script, or fetched from the chart's ``data-qls-chart-src`` as the
page's script does) and draws each through vl-convert, the same Vega that
renders PDFs and downloads. Each chart must place every point it has data
for, at a finite position, and draw something for every layer it promises.
"""

from __future__ import annotations

import html
import json
import math
import re
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
import vl_convert
from django.core.management import call_command

from qls.demo.build import build_demo
from qls.spc.charts import VEGA_LITE_VERSION

pytestmark = pytest.mark.django_db

INLINE_SPEC = re.compile(
    r'<script id="([^"]+-spec)" type="application/json">(.*?)</script>', re.DOTALL
)
SPEC_SRC = re.compile(r'data-qls-chart-src="([^"]+)"')
LINK = re.compile(r'<a [^>]*href="(/[^"#]*)"')
# Pages a crawl must not follow: they download, sign out or change things.
SKIP = re.compile(r"download|/logout|/admin/|/accounts/|/api/|\.pdf|\.csv|\.xlsx|format=|/poster/")
MAX_PAGES = 160
PAGES_PER_SHAPE = 2
# Layers that may rightly draw nothing (no rebase, no trial limits, no target).
OPTIONAL = ("trial", "target", "events", "event_", "icons", "labels", "rebase")


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The whole demo, at a small staff count: every area's pages have charts."""
    with django_db_blocker.unblock():
        build_demo(scale="standard", staff_count=400, force=True, log=lambda _m: None)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _shape(url: str) -> str:
    """Pages of one kind share a shape: /projects/12/ and /projects/40/ are both /projects/N/."""
    parts = urlsplit(url)
    return re.sub(r"/[^/]*\d[^/]*", "/N", parts.path)


def _crawl(client, start: list[str]) -> dict[str, str]:
    """Pages reachable by links from ``start``: at most two of each shape."""
    seen: dict[str, str] = {}
    shapes: Counter[str] = Counter()
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or SKIP.search(url) or shapes[_shape(url)] >= PAGES_PER_SHAPE:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        shapes[_shape(url)] += 1
        page = response.content.decode()
        seen[url] = page
        queue.extend(html.unescape(link) for link in LINK.findall(page))
    return seen


def _specs(client, pages: dict[str, str]) -> list[tuple[str, dict]]:
    found: list[tuple[str, dict]] = []
    fetched: set[str] = set()
    for url, page in pages.items():
        for spec_id, body in INLINE_SPEC.findall(page):
            found.append((f"{url} #{spec_id}", json.loads(body)))
        for src in SPEC_SRC.findall(page):
            src = html.unescape(src)
            if src in fetched:
                continue
            fetched.add(src)
            response = client.get(src)
            assert response.status_code == 200, f"{src} (on {url}) answered {response.status_code}"
            found.append((f"{url} -> {src}", json.loads(response.content)))
    return found


def _marks(node, out: list[dict]) -> list[dict]:
    """Every mark of the scenegraph that draws data (not an axis, legend or frame)."""
    if isinstance(node, dict):
        if "marktype" in node and node.get("role") == "mark":
            out.append(node)
        for key in ("items", "root", "scenegraph"):
            if key in node:
                _marks(node[key], out)
    elif isinstance(node, list):
        for child in node:
            _marks(child, out)
    return out


def _problems(spec: dict) -> list[str]:
    renderable = {**spec, "width": 600 if spec.get("width") == "container" else spec.get("width")}
    if renderable["width"] is None:
        renderable.pop("width")
    scene = vl_convert.vegalite_to_scenegraph(renderable, vl_version=VEGA_LITE_VERSION)
    marks = _marks(scene, [])
    problems = []
    if not any(m["items"] for m in marks):
        problems.append("draws no marks at all")
    for mark in marks:
        name = mark.get("name") or mark["marktype"]
        for item in mark["items"]:
            for axis in ("x", "y"):
                value = item.get(axis)
                if isinstance(value, float) and not math.isfinite(value):
                    problems.append(f"{name} has an item at {axis}={value}")
                    break
        if not mark["items"] and not name.startswith(OPTIONAL):
            problems.append(f"{name} draws nothing")
    # A Making Data Count chart: one point for each period with a value.
    points = [m for m in marks if (m.get("name") or "").startswith("points")]
    if points:
        rows = spec.get("data", {}).get("values", [])
        expected = sum(1 for r in rows if r.get("y") is not None)
        drawn = sum(len(m["items"]) for m in points)
        if drawn != expected:
            problems.append(f"draws {drawn} points for {expected} values")
    return problems


def test_every_chart_on_the_demo_pages_draws_its_points(client, demo_site):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="improvement"))
    started = time.monotonic()
    pages = _crawl(client, ["/"])
    specs = _specs(client, pages)
    # The crawl reached every area that draws charts.
    for area in ("/data/", "/projects/", "/learning/", "/wards/"):
        assert any(area in where for where, _ in specs), f"no chart found under {area}"
    assert len(specs) >= 30
    failures = [
        f"{where}: {'; '.join(problems)}" for where, spec in specs if (problems := _problems(spec))
    ]
    assert not failures, "Charts that do not draw:\n" + "\n".join(failures)
    print(f"{len(pages)} pages, {len(specs)} charts in {time.monotonic() - started:.1f} s")
