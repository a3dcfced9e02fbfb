"""The chart include's data table: cells rendered as the template engine would."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.template.loader import render_to_string

from qls.core.charts import Chart


def test_table_cells_are_localised_and_escaped_like_template_variables():
    rows = [[dt.date(2025, 3, 3), 4.25, None, '<b>common</b> & "quoted"', 7, 0.1 + 0.2, 1234567.0]]
    chart = Chart(id="c", title="T", spec={}, description="d", headers=["a"] * 7, rows=rows)
    html = render_to_string("core/_chart.html", {"chart": chart})
    expected = Template(
        '{% for cell in row %}<td>{{ cell|default_if_none:"" }}</td>{% endfor %}'
    ).render(Context({"row": rows[0]}))
    assert f"<tr>{expected}</tr>" in html
    assert "&lt;b&gt;common&lt;/b&gt;" in html
    assert "3 Mar 2025" in html
