"""The A3 poster: a real PDF, A3, carrying the project's own words."""

from __future__ import annotations

import datetime as dt
import re
import zlib

import pytest
from django.urls import reverse

from qls.projects.poster import local_fetcher, poster_html, render_poster
from tests.projects.discovery_helpers import (
    add_change,
    add_evaluation,
    add_evidence,
    make_project,
)

pytestmark = pytest.mark.django_db

A3_POINTS = (841.89, 1190.55)  # 297 x 420 mm


@pytest.fixture
def project(reference_data):
    p = make_project("Bay nursing halves falls", ward="BAS-W02", ward_name="Heron Ward")
    node, cycle = add_change(p, "Bay nursing", adopted=dt.date(2025, 4, 7))
    add_evidence(p, node, cycle)
    add_evaluation(p, "Night staff made the change stick")
    return p


def _media_boxes(pdf: bytes) -> list[tuple[float, float]]:
    """Page sizes from the PDF, whether or not its objects are compressed."""
    texts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            texts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    boxes = []
    for text in texts:
        for w, h in re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", text):
            boxes.append((float(w), float(h)))
    return boxes


def test_poster_is_one_a3_pdf_page_with_the_title(project):
    from weasyprint import HTML

    html = poster_html(project)
    assert "Bay nursing halves falls" in html
    assert "Night staff made the change stick" in html
    assert "4 weeks after" in html
    assert "data:image/svg+xml;base64," in html  # driver diagram and chart inline
    document = HTML(string=html, url_fetcher=local_fetcher()).render()
    assert len(document.pages) == 1
    page = document.pages[0]
    # CSS pixels at 96 per inch: A3 is 297 x 420 mm.
    assert round(page.width * 25.4 / 96) == 297
    assert round(page.height * 25.4 / 96) == 420
    pdf = render_poster(project)
    assert pdf.startswith(b"%PDF")
    boxes = _media_boxes(pdf)
    assert boxes
    assert all(abs(w - A3_POINTS[0]) < 1 and abs(h - A3_POINTS[1]) < 1 for w, h in boxes)


def test_poster_download_for_anyone_with_a_role(client, personas, project):
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:poster", args=[project.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("projects:poster", args=[project.pk + 999])).status_code == 404


def test_poster_of_a_new_project_without_diagram_or_measures(reference_data):
    p = make_project("Just an idea", stage="idea")
    html = poster_html(p)
    assert "No PDSA cycles recorded yet" in html
    assert render_poster(p).startswith(b"%PDF")


def test_poster_refuses_anything_but_inline_assets():
    fetcher = local_fetcher()
    for url in ("https://example.com/font.woff", "file:///etc/hostname"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher(url)
    assert fetcher("data:text/plain;base64,aGk=") is not None


def test_chart_events_are_numbered_with_full_titles_on_the_page_and_the_poster(
    client, personas, reference_data
):
    from qls.projects.models import PDSACycle
    from tests.factories.projects import MeasureFactory, add_values

    p = make_project("Night-time hydration", ward="BAS-W02", ward_name="Heron Ward")
    measure = MeasureFactory(project=p)
    add_values(measure, dt.date(2025, 1, 6), [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9] * 2)
    long_title = "Jugs refilled at every bed by the night healthcare assistant, checked at 2am"
    node, _cycle = add_change(p, "Jug rounds")
    PDSACycle.objects.create(
        change_idea=node, number=2, title=long_title, plan_what="a", prediction="b",
        started_on=dt.date(2025, 3, 3),
    )  # fmt: skip
    client.force_login(personas["staff"])
    page = client.get(p.get_absolute_url()).content.decode()
    assert "Key to the numbered markers" in page
    assert f"PDSA 2: {long_title}" in page  # whole, not cut at 50 or 60 characters
    html = poster_html(p)
    assert f"PDSA 2: {long_title}" in html
    assert 'class="chart-key"' in html


def _svg_texts(uri: str) -> list[str]:
    import base64
    import html as html_lib

    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    return [html_lib.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_poster_chart_spans_the_page_states_its_unit_once_and_fills_the_page(project):
    from qls.projects.models import Measure
    from qls.projects.poster import CHART_HEIGHT, free_height, poster_content, poster_document

    Measure.objects.filter(project=project).update(unit="per 1,000 bed days")
    content = poster_content(project)
    html = re.sub(r'src="data:[^"]*"', "", poster_html(project))
    words = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|title)>.*?</\1>", "", html, flags=re.DOTALL))
    chart_words = _svg_texts(content.chart_uri)
    # Once in all the poster's words, chart included: on the chart's y-axis.
    assert "per 1,000 bed days" not in words
    assert chart_words.count("per 1,000 bed days") == 1

    document = poster_document(project)
    assert len(document.pages) == 1
    page = document.pages[0]
    stack, chart = [page._page_box], None
    while stack:
        box = stack.pop()
        if getattr(box, "element_tag", "") == "img" and "chart" in (box.element.get("class") or ""):
            chart = box
        stack.extend(getattr(box, "children", []))
    assert chart is not None
    content_width = page.width - page._page_box.margin_left - page._page_box.margin_right
    assert chart.width >= 0.95 * content_width  # the page's width, not a column's
    # The chart grows into the space the project's words leave: little is left blank.
    assert chart.height > CHART_HEIGHT + 50
    print(f"chart {chart.width:.0f} x {chart.height:.0f} px, {free_height(document):.0f} px free")
    assert free_height(document) < 0.1 * page.height
