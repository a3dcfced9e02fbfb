"""Suggestions under a staff box: people from the directory, as their name is typed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from qls.organisation.forms import StaffInput
from qls.organisation.services import staff_number_from_suggestion, suggestion_text
from tests.factories.accounts import PERSONAS
from tests.factories.organisation import StaffMemberFactory

WITH_A_ROLE = [p for p in PERSONAS if PERSONAS[p]]
URL = "organisation:staff_suggestions"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_suggestions_need_a_role_like_the_directory(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse(URL), {"q": "ba"})
    assert response.status_code == (200 if persona in WITH_A_ROLE else 403)


@pytest.mark.django_db
def test_suggestions_match_every_word_typed_and_fill_in_name_and_number(client, personas):
    amy = StaffMemberFactory(first_name="Amy", last_name="Baker", job_role="Staff Nurse")
    StaffMemberFactory(first_name="Amy", last_name="Clarke")
    StaffMemberFactory(first_name="Ben", last_name="Baker", active=False)
    client.force_login(personas["staff"])
    # The box sends its value under its own field name.
    html = client.get(reverse(URL), {"lead": "amy bak"}).content.decode()
    assert html.count("<option") == 1
    assert f'value="Amy Baker ({amy.staff_number})"' in html
    assert "Staff Nurse" in html
    assert "<option" not in client.get(reverse(URL), {"q": "a"}).content.decode()


def test_the_box_asks_for_suggestions_into_its_own_list():
    html = StaffInput().render("lead", "", attrs={"id": "id_lead"})
    assert 'list="id_lead-people"' in html
    assert '<datalist id="id_lead-people">' in html
    assert f'hx-get="{reverse(URL)}"' in html


@pytest.mark.django_db
def test_a_picked_suggestion_gives_back_the_staff_number():
    person = StaffMemberFactory(first_name="Zoë", last_name="O'Neill (née Smith)")
    assert staff_number_from_suggestion(suggestion_text(person)) == person.staff_number


@given(st.text(alphabet=st.characters(blacklist_characters="()"), max_size=30))
def test_text_that_is_not_a_suggestion_is_kept_as_typed(text):
    assert staff_number_from_suggestion(text) == text.strip()
