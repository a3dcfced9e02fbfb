"""Properties of the staff file reader: valid rows round-trip, junk never crashes."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qls.organisation.errors import StaffImportError
from qls.organisation.models import StaffGroup, StaffMember
from qls.organisation.models.staff_groups import BANDS
from qls.organisation.staff_import.columns import REQUIRED_COLUMNS
from qls.organisation.staff_import.importing import import_staff

# Hypothesis re-runs the body many times inside one test's transaction, so the
# function-scoped trust fixture is shared on purpose.
SHARED_FIXTURE = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

name = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters="\ufeff"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
    # Text that starts like a spreadsheet formula is refused by the import.
    .filter(lambda text: not text.startswith(("=", "+", "-", "@")))
)

row = st.fixed_dictionaries(
    {
        "first_name": name,
        "last_name": name,
        "email": st.sampled_from(["", "a.person@example.nhs.uk", "x@example.org"]),
        "staff_group": st.sampled_from(StaffGroup.values),
        "job_role": name,
        "band": st.sampled_from(BANDS),
        "place": st.sampled_from([("", ""), ("BAS", ""), ("BAS", "BAS-W01"),
                                  ("Southend Hospital", "Bluebell Ward")]),
    }
)  # fmt: skip


def _imports_or_refuses(data: bytes, filename: str) -> str:
    """'imported', or the refusal's message; any other exception fails the test."""
    try:
        import_staff(io.BytesIO(data), filename=filename)
    except StaffImportError as error:
        return error.message
    return "imported"


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REQUIRED_COLUMNS)
    for number, r in enumerate(rows, start=1):
        site, ward = r["place"]
        writer.writerow(
            [f"{number:08d}", r["first_name"], r["last_name"], r["email"], r["staff_group"],
             r["job_role"], r["band"], site, ward]
        )  # fmt: skip
    return out.getvalue().encode()


@settings(max_examples=40, deadline=None, suppress_health_check=SHARED_FIXTURE)
@given(rows=st.lists(row, min_size=1, max_size=8))
def test_valid_rows_round_trip_to_the_same_staff_records(trust, rows):
    StaffMember.objects.all().delete()
    result = import_staff(io.BytesIO(to_csv(rows)), filename="staff.csv")
    assert result.created == len(rows)
    stored = list(StaffMember.objects.order_by("staff_number").select_related("site", "ward"))
    assert len(stored) == len(rows)
    for member, r in zip(stored, rows, strict=True):
        assert (member.first_name, member.last_name, member.job_role) == (
            r["first_name"], r["last_name"], r["job_role"]
        )  # fmt: skip
        assert (member.email, member.staff_group, member.band) == (
            r["email"], r["staff_group"], r["band"]
        )  # fmt: skip
        assert bool(member.ward) == bool(r["place"][1])
    again = import_staff(io.BytesIO(to_csv(rows)), filename="staff.csv")
    assert again.unchanged == len(rows)


@settings(max_examples=150, deadline=None, suppress_health_check=SHARED_FIXTURE)
@given(data=st.binary(max_size=400), xlsx=st.booleans())
def test_arbitrary_bytes_import_or_are_refused_never_crash(trust, data, xlsx):
    assert _imports_or_refuses(data, "staff.xlsx" if xlsx else "staff.csv")


@settings(max_examples=100, deadline=None, suppress_health_check=SHARED_FIXTURE)
@given(text=st.text(alphabet=st.sampled_from('a,"\n\r;BAS1 '), max_size=200))
def test_arbitrary_csv_shaped_text_never_crashes(trust, text):
    data = (",".join(REQUIRED_COLUMNS) + "\n" + text).encode()
    assert _imports_or_refuses(data, "staff.csv")
