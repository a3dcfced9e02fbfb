import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from qls.core.forms import NHSFormMixin
from qls.core.screening import (
    ScreenedFormMixin,
    find_nhs_numbers,
    is_valid_nhs_number,
    screen,
)

VALID = "9434765919"  # the NHS Data Dictionary's worked example


def _check_digit(nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    return (11 - total % 11) % 11


@pytest.mark.parametrize("written", ["9434765919", "943 476 5919", "943-476-5919"])
def test_nhs_number_is_found_however_it_is_written(written):
    assert find_nhs_numbers(f"Patient {written} fell in bay 2") == [VALID]


def test_ten_digits_failing_the_check_are_not_an_nhs_number():
    assert find_nhs_numbers("ring 0123456780 or 9434765918") == []


def test_digits_inside_a_longer_number_are_not_an_nhs_number():
    assert find_nhs_numbers("order 19434765919") == []


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_check_digit_rule_matches_the_plain_definition(nine):
    check = _check_digit(nine)
    for last in range(10):
        assert is_valid_nhs_number(nine + str(last)) == (check != 10 and last == check)


def test_screen_names_each_failing_field():
    problems = screen({"Problem statement": f"NHS no {VALID}", "Aim": "Fewer falls"})
    assert list(problems) == ["Problem statement"]
    assert "problem statement" in problems["Problem statement"]


class _Form(ScreenedFormMixin, NHSFormMixin, forms.Form):
    title = forms.CharField(label="Title")
    notes = forms.CharField(label="What happened", widget=forms.Textarea, required=False)


def test_screened_form_refuses_the_field_and_says_why():
    form = _Form(data={"title": "Falls", "notes": "see 943 476 5919"})
    assert not form.is_valid()
    assert "what happened" in form.errors["notes"][0]
    assert "title" not in form.errors
