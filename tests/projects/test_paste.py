"""Reading pasted spreadsheet data: formats, every bad line named, properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qls.projects.errors import PasteError
from qls.projects.paste import parse_number, parse_paste, period_start


def test_tab_separated_lines_with_a_header_are_read_and_moved_to_mondays():
    rows = parse_paste(
        "Week\tFalls\n2025-03-05\t4\n10/03/2025\t3.5\n\n", frequency="week", chart_type="xmr"
    )
    assert [(r.period, r.value) for r in rows] == [
        (dt.date(2025, 3, 3), 4.0),
        (dt.date(2025, 3, 10), 3.5),
    ]


def test_numerator_and_denominator_for_a_p_chart():
    rows = parse_paste("2025-03-03\t12\t40", frequency="week", chart_type="p")
    assert (rows[0].numerator, rows[0].denominator, rows[0].y) == (12.0, 40.0, 0.3)


def test_monthly_periods_may_be_written_as_months():
    rows = parse_paste("Mar 2025,4\n2025-04,5\n15/05/2025,6", frequency="month", chart_type="xmr")
    assert [r.period for r in rows] == [
        dt.date(2025, 3, 1),
        dt.date(2025, 4, 1),
        dt.date(2025, 5, 1),
    ]


def test_every_bad_line_is_named_and_nothing_is_returned():
    text = (
        "2025-03-03\t4\nnot a date\t5\n2025-03-17\tmany\n2025-03-24\n2025-03-04\t2\n2025-03-31\t-1"
    )
    with pytest.raises(PasteError) as caught:
        parse_paste(text, frequency="week", chart_type="c")
    assert caught.value.errors == [
        "Line 2: 'not a date' is not a date; write it as 2025-03-03 or 03/03/2025.",
        "Line 3: the value 'many' is not a number.",
        "Line 4: expected 2 columns (period and value) separated by tabs, found 1.",
        "Line 5: the period starting 03 Mar 2025 is also on line 1.",
        "Line 6: a count must not be negative.",
    ]


def test_a_proportion_above_one_is_refused():
    with pytest.raises(PasteError, match="Line 1: the numerator is larger"):
        parse_paste("2025-03-03\t41\t40", frequency="week", chart_type="p")


def test_an_empty_paste_is_refused():
    with pytest.raises(PasteError, match="at least one line"):
        parse_paste("\n\n", frequency="week", chart_type="xmr")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.5", 1234.5),
        ("85%", 85.0),
        (" 7 ", 7.0),
        ("-0.5", -0.5),
        ("1,2", None),
        ("abc", None),
        ("", None),
    ],
)
def test_numbers_as_spreadsheets_show_them(text, value):
    assert parse_number(text) == value


DAYS = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


@given(st.dictionaries(DAYS, st.integers(0, 10**8).map(lambda n: n / 100), min_size=1, max_size=50))
def test_daily_data_round_trips_through_a_paste(data):
    text = "\n".join(f"{d:%d/%m/%Y}\t{v!r}" for d, v in data.items())
    rows = parse_paste(text, frequency="day", chart_type="xmr", today=dt.date(2030, 12, 31))
    assert {r.period: r.value for r in rows} == data
    assert [r.period for r in rows] == sorted(data)


@given(DAYS)
def test_period_start_is_a_monday_in_the_same_week(day):
    start = period_start(day, "week")
    assert start.weekday() == 0
    assert 0 <= (day - start).days < 7


@given(st.text(max_size=200))
def test_any_text_either_parses_or_names_its_lines(text):
    errors: list[str] = []
    try:
        rows = parse_paste(text, frequency="week", chart_type="xmr")
    except PasteError as error:
        errors = error.errors
        rows = []
    assert rows or errors
    assert all(e.startswith(("Line ", "Paste ")) for e in errors)


def test_a_date_in_the_future_is_refused_naming_the_line():
    text = "2025-03-03\t4\n2025-03-10\t5\n2025-03-17\t6\n"
    with pytest.raises(PasteError) as refused:
        parse_paste(text, frequency="week", chart_type="xmr", today=dt.date(2025, 3, 12))
    assert refused.value.errors == [
        (
            "Line 3: the date 17 Mar 2025 is in the future; enter data only for periods that "
            "have begun."
        )
    ]
    # The current week has begun, so its Monday is fine.
    two = "2025-03-03\t4\n2025-03-10\t5\n"
    rows = parse_paste(two, frequency="week", chart_type="xmr", today=dt.date(2025, 3, 12))
    assert [r.period for r in rows] == [dt.date(2025, 3, 3), dt.date(2025, 3, 10)]
