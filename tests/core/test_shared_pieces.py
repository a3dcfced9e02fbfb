"""The pieces every app shares from core: date input, breadcrumbs, pagination,
the upload limit, and the holder of the cross-cutting permissions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory

from qls.core.breadcrumbs import home, trail
from qls.core.pagination import paginate
from qls.core.uploads import UploadRefused, read_limited
from qls.core.widgets import DateInput


def test_the_date_input_is_the_browser_date_picker_with_an_iso_value():
    html = DateInput().render("on", dt.date(2026, 3, 9))

    assert 'type="date"' in html
    assert 'value="2026-03-09"' in html
    assert "nhsuk-input--width-10" in html


def test_a_trail_runs_from_home_through_the_area_front_page():
    assert home() == [("Home", "/")]
    assert trail("Organisation", "organisation:index", ("Staff", "/organisation/staff/")) == [
        ("Home", "/"),
        ("Organisation", "/organisation/"),
        ("Staff", "/organisation/staff/"),
    ]


def test_pagination_keeps_the_other_filters_and_elides_long_runs_of_pages():
    request = RequestFactory().get("/", {"q": "falls", "page": "5"})

    paging = paginate(request, list(range(200)), 10)

    assert paging["page"].number == 5
    assert paging["query"] == "q=falls"
    numbers = paging["page_numbers"]
    assert numbers
    assert numbers[0] == 1
    assert numbers[-1] == 20
    assert paging["page"].paginator.ELLIPSIS in numbers


def test_pagination_answers_a_page_out_of_range_with_the_last_page():
    request = RequestFactory().get("/", {"page": "99"})

    assert paginate(request, list(range(25)), 10)["page"].number == 3


def test_every_upload_is_held_to_the_one_limit_from_settings(settings):
    settings.QLS_MAX_UPLOAD_BYTES = 10

    assert read_limited(io.BytesIO(b"x" * 10), file_name="a.csv") == b"x" * 10
    with pytest.raises(UploadRefused, match=r"a\.csv is too large: the limit is"):
        read_limited(io.BytesIO(b"x" * 11), file_name="a.csv")


@pytest.mark.django_db
def test_the_cross_cutting_permissions_keep_their_codenames_on_the_renamed_holder():
    found = Permission.objects.filter(content_type__app_label="core").values_list(
        "content_type__model", "codename"
    )

    assert set(found) == {
        ("areapermission", "view_audit_history"),
        ("areapermission", "view_board_reports"),
        ("areapermission", "redact_text"),
    }
