import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from qls.core.forms import NHSFormMixin
from qls.core.screening import (
    ScreenedFormMixin,
    contains_patient_identifier,
    find_nhs_numbers,
    is_valid_nhs_number,
    screen,
    validate_no_patient_identifiers,
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
        one_digit = len(set(nine + str(last))) == 1
        assert is_valid_nhs_number(nine + str(last)) == (
            check != 10 and last == check and not one_digit
        )


def test_a_row_of_zeros_is_not_an_nhs_number():
    # Ten of one digit pass the arithmetic, but no such number is issued.
    assert find_nhs_numbers("0.0 0.0 0.0 0.0 0.0 and 1 1 1 1 1 1 1 1 1 1") == []


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


# The encodings a security probe used to get an NHS number past the screen.
@pytest.mark.parametrize(
    "written",
    [
        "943.476.5919",
        "943\u00a0476\u00a05919",
        "943  476  5919",
        "943\u2013476\u20135919",
        "943\u2014476\u20145919",
        "943\u200b476\u200b5919",
        "9\u200b434765919",
        "943 \u2013 476 \u2013 5919",
        "".join(chr(0xFF10 + int(d)) for d in VALID),  # full-width digits
        "9 4 3 4 7 6 5 9 1 9",
        "943_476_5919",
    ],
)
def test_nhs_number_is_found_in_every_encoding(written):
    assert find_nhs_numbers(f"see {written} today") == [VALID]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mr John Smith in bed 12", "patient's name"),
        ("Mrs Ada Okoro, 84, bed 7", "patient's name"),
        ("John Smith aged 79", "patient's name"),
        ("DOB 04/05/1938", "date of birth"),
        ("d.o.b. 4/5/38", "date of birth"),
        ("D.O.B: 04-05-1938", "date of birth"),
        ("date of birth 4 May 1938", "date of birth"),
        ("born on 4 May 1938", "date of birth"),
        ("born 04.05.38", "date of birth"),
        ("MRN 4471920", "hospital number"),
        ("hospital number A123456", "hospital number"),
        ("unit no: RX1234567", "hospital number"),
        ("lives at SS16 5NL", "postcode"),
        ("home to CM1 7ET", "postcode"),
        ("12 Acacia Avenue", "address"),
        ("Flat 3, 27 High Street", "address"),
        ("07700 900123", "phone number"),
        ("+44 7700 900123", "phone number"),
        ("01632 960123", "phone number"),
        ("020 7946 0018", "phone number"),
        ("ada.okoro@gmail.com", "personal email address"),
        ("h.marsh@btinternet.com", "personal email address"),
    ],
)
def test_each_kind_of_identifier_is_refused_by_name(text, kind):
    with pytest.raises(ValidationError) as refused:
        validate_no_patient_identifiers(text, field="the issue")
    assert refused.value.messages == [
        f"Remove the {kind} from the issue. QLS must not hold information that identifies a patient."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Dr Sarah Patel, consultant, reviewed the chart",
        "Sister Jones led the huddle",
        "Prof Yusuf chaired the board",
        "Mr Khan, consultant surgeon, joined the project",
        "Mrs Adebayo, ward manager, tested the sheet",
        "PDSA 3 started on 04/05/2026",
        "ring ext 4521, bleep 1234 or x4521",
        "12 of 84 patients, mean 84.2",
        "bed 12 in bay 3",
        "patients aged over 65; aged 65-74; patients aged 80 and over",
        "order 9434765918 and 0123456780",
        "outward code SS16 only",
        "email qi.team@nhs.net",
        "0 42.0 42.0 258",
        "Q1 2nd week",
    ],
)
def test_ordinary_improvement_text_is_accepted(text):
    assert not contains_patient_identifier(text)


def test_local_hospital_number_pattern_from_settings(settings):
    settings.QLS_LOCAL_PATIENT_ID_PATTERNS = [r"ZZ\d{6}"]
    assert contains_patient_identifier("see ZZ123456 in bay 4")
    assert not contains_patient_identifier("see ZZ12345 in bay 4")
    settings.QLS_LOCAL_PATIENT_ID_PATTERNS = []
    assert not contains_patient_identifier("see ZZ123456 in bay 4")


def test_validator_is_a_plain_function_migrations_can_import():
    from django.db.migrations.writer import MigrationWriter

    written, imports = MigrationWriter.serialize(validate_no_patient_identifiers)
    assert written == "qls.core.screening.validate_no_patient_identifiers"
    assert imports == {"import qls.core.screening"}


def test_screened_form_leaves_staff_email_fields_alone():
    class _ContactForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
        email = forms.EmailField(label="Email")

    assert _ContactForm(data={"email": "volunteer@gmail.com"}).is_valid()
