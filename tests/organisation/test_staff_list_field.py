"""Several people in one box: found as the one-person staff box finds them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from qls.organisation.staff_field import StaffListField
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db


def test_people_are_found_by_number_or_email_in_the_order_given_without_repeats():
    a, b = StaffMemberFactory(), StaffMemberFactory()
    text = f"{b.staff_number}, {a.email.upper()}\n{b.staff_number};"

    assert StaffListField().clean(text) == [b, a]


def test_unknown_and_inactive_people_are_named_in_the_refusal():
    gone = StaffMemberFactory(active=False)

    with pytest.raises(ValidationError, match=f"'123', '{gone.staff_number}'"):
        StaffListField().clean(f"123 {gone.staff_number}")


def test_an_edit_form_shows_the_people_one_a_line():
    a, b = StaffMemberFactory(), StaffMemberFactory()

    assert StaffListField().prepare_value([a, b.pk]) == f"{a.staff_number}\n{b.staff_number}"
    assert StaffListField(required=False).clean("") == []
