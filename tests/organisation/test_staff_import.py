from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from qls.organisation import errors
from qls.organisation.models import StaffImport, StaffMember
from qls.organisation.staff_import.importing import import_staff
from qls.organisation.staff_import.report import MAX_LISTED_ERRORS, listed_errors
from tests.factories.organisation import StaffMemberFactory

HEADER = "staff_number,first_name,last_name,email,staff_group,job_role,band,site,ward"
GOOD_ROWS = [
    (
        "10000001,Amy,Baker,amy.baker@example.nhs.uk,Nursing and Midwifery Registered,"
        "Staff Nurse,Band 5,BAS,BAS-W01"
    ),
    "10000002,Tariq,Khan,,Medical and Dental,Consultant,Medical,Basildon Hospital,Heron Ward",
    (
        "10000003,Rosa,Santos,rosa.santos@example.nhs.uk,Administrative and Clerical,"
        "Medical Secretary,Band 4,SOU,"
    ),
]


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def run(data: bytes, filename: str = "staff.csv", **kwargs):
    return import_staff(io.BytesIO(data), filename=filename, **kwargs)


def snapshot() -> list[tuple]:
    """Everything an import could change, to prove a refused file changed nothing."""
    return [
        (*row, StaffMember.history.count(), StaffImport.objects.count())
        for row in StaffMember.objects.order_by("staff_number").values_list()
    ] or [("empty", StaffMember.history.count(), StaffImport.objects.count())]


def refused(data: bytes, filename: str = "staff.csv") -> errors.StaffImportError:
    before = snapshot()
    with pytest.raises(errors.StaffImportError) as caught:
        run(data, filename)
    assert snapshot() == before
    return caught.value


def messages(error: errors.StaffImportError) -> list[str]:
    return [str(e) for e in error.errors]


# ---------------------------------------------------------------- good files


def test_import_creates_staff_with_sites_and_wards_by_code_or_name(trust, personas):
    result = run(csv_bytes(*GOOD_ROWS), by=personas["analyst"])

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    amy = StaffMember.objects.get(staff_number="10000001")
    assert (amy.site.code, amy.ward.code, amy.organisation) == ("BAS", "BAS-W01", trust)
    assert StaffMember.objects.get(staff_number="10000002").ward.name == "Heron Ward"
    assert StaffMember.objects.get(staff_number="10000003").ward is None
    record = amy.history.get()
    assert record.history_user == personas["analyst"]
    assert "staff.csv" in record.history_change_reason
    provenance = StaffImport.objects.get()
    assert (provenance.imported_by, provenance.created, len(provenance.sha256)) == (
        personas["analyst"],
        3,
        64,
    )


def test_reimport_is_idempotent_and_counts_updates(trust):
    run(csv_bytes(*GOOD_ROWS))
    history_before = StaffMember.history.count()

    again = run(csv_bytes(*GOOD_ROWS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert StaffMember.history.count() == history_before

    changed = GOOD_ROWS[0].replace("Band 5", "Band 6")
    new = "10000009,Noah,Reid,,Estates and Ancillary,Porter,Band 2,SOU,"
    result = run(csv_bytes(changed, GOOD_ROWS[1], GOOD_ROWS[2], new))
    assert (result.created, result.updated, result.unchanged) == (1, 1, 2)
    assert StaffMember.objects.get(staff_number="10000001").band == "Band 6"
    assert StaffMember.objects.count() == 4


def test_reimport_keeps_the_user_link_and_leaves_absent_staff_alone(trust, personas):
    other = StaffMemberFactory(
        staff_number="55555555", ward=trust.sites.get(code="SOU").wards.get()
    )
    run(csv_bytes(*GOOD_ROWS))
    amy = StaffMember.objects.get(staff_number="10000001")
    amy.user = personas["staff"]
    amy.save()

    run(csv_bytes(GOOD_ROWS[0].replace("Amy", "Aimee")))

    amy.refresh_from_db()
    assert (amy.first_name, amy.user) == ("Aimee", personas["staff"])
    assert StaffMember.objects.filter(pk=other.pk, active=True).exists()


def test_headers_match_ignoring_case_spaces_and_extra_columns(trust):
    header = (
        " Staff Number ,FIRST_NAME,Last Name,Email,Staff Group,Job Role,BAND,Site,Ward,Assignment"
    )
    row = GOOD_ROWS[0] + ",A1"
    result = run(csv_bytes(row, header=header))
    assert result.created == 1
    assert result.ignored_columns == ["Assignment"]


def test_values_are_matched_leniently(trust):
    row = "10000001,Amy,Baker,,nursing and midwifery registered,Staff Nurse,5,bas,kingfisher ward"
    run(csv_bytes(row))
    amy = StaffMember.objects.get()
    assert (amy.band, amy.staff_group, amy.ward.code) == (
        "Band 5",
        "Nursing and Midwifery Registered",
        "BAS-W01",
    )


def test_excel_utf8_bom_quoted_commas_and_blank_lines_are_read(trust):
    data = "\ufeff".encode() + csv_bytes(
        '10000001,"Zoë","O\'Neil, Jr",,Medical and Dental,"Consultant, stroke",Medical,BAS,',
        "",
        ",,,,,,,,",
    )
    run(data)
    member = StaffMember.objects.get()
    assert (member.first_name, member.last_name, member.job_role) == (
        "Zoë",
        "O'Neil, Jr",
        "Consultant, stroke",
    )


def test_partner_staff_use_the_organisation_column(trust):
    header = HEADER + ",organisation"
    rows = [
        GOOD_ROWS[0] + ",",
        "20000001,Kemi,Osei,,Administrative and Clerical,Partnership Manager,Non-AfC,,,icb1",
    ]
    run(csv_bytes(*rows, header=header))
    assert StaffMember.objects.get(staff_number="20000001").organisation.code == "ICB1"
    assert StaffMember.objects.get(staff_number="10000001").organisation == trust


def test_xlsx_import_reports_sheet_rows(trust):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([10000001.0, "Amy", "Baker", None, "Medical and Dental", "Consultant",
                  "Medical", "BAS", "BAS-W01"])  # fmt: skip
    sheet.append([])
    sheet.append([10000002, "Tom", "Reid", None, "Medical and Dental", "Consultant",
                  "Medical", "BAS", "B12"])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)

    error = refused(buffer.getvalue(), "staff.xlsx")
    assert messages(error) == ["Line 4: ward is not a ward at Basildon Hospital"]

    sheet.delete_rows(4)
    buffer = io.BytesIO()
    book.save(buffer)
    assert run(buffer.getvalue(), "staff.xlsx").created == 1
    assert StaffMember.objects.get().staff_number == "10000001"


# ---------------------------------------------------------------- bad files


def test_unknown_ward_names_line_and_column(trust):
    rows = list(GOOD_ROWS)
    rows.insert(1, "10000004,Ann,Lee,,Students,Student Nurse,Non-AfC,BAS,B12")
    error = refused(csv_bytes(*rows))
    assert isinstance(error, errors.InvalidRowsError)
    assert messages(error) == ["Line 3: ward is not a ward at Basildon Hospital"]


def test_ward_at_another_site_is_refused(trust):
    error = refused(csv_bytes("10000004,Ann,Lee,,Students,Student Nurse,Non-AfC,BAS,SOU-W01"))
    assert messages(error) == ["Line 2: ward is not a ward at Basildon Hospital"]


def test_unknown_site_and_bad_values_are_each_named(trust):
    row = "10000004,Ann,Lee,not-an-email,Nurses,Staff Nurse,Band 10,XYZ,W1"
    error = refused(csv_bytes(row))
    text = messages(error)
    assert "Line 2: email is not a valid email address" in text
    assert any(m.startswith("Line 2: staff_group is not an ESR staff group") for m in text)
    assert any(m.startswith("Line 2: band is not one of") for m in text)
    assert any(m.startswith("Line 2: site is not a site") for m in text)
    # Problems are kept with the import, so they name columns, never quote cells.
    quoted = [m for m in text for cell in ("not-an-email", "Nurses", "Band 10", "XYZ") if cell in m]
    assert quoted == []


def test_empty_required_values_are_named(trust):
    error = refused(csv_bytes(",Amy,,,Medical and Dental,,Medical,,"))
    assert {"Line 2: staff_number is empty", "Line 2: last_name is empty"} <= set(messages(error))


def test_duplicate_staff_numbers_name_both_lines(trust):
    error = refused(csv_bytes(GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0].replace("Amy", "Ann")))
    assert messages(error) == [
        "Line 4: staff_number is also on line 2; each staff number may appear once"
    ]


def test_duplicate_staff_number_is_reported_even_on_a_row_with_other_problems(trust):
    bad_band = GOOD_ROWS[0].replace("Band 5", "Band 99")
    error = refused(csv_bytes(bad_band, GOOD_ROWS[1], GOOD_ROWS[0]))
    assert "Line 4: staff_number is also on line 2; each staff number may appear once" in messages(
        error
    )
    assert any(m.startswith("Line 2: band is not one of") for m in messages(error))


def test_overlong_email_is_refused(trust):
    long_email = "a" * 250 + "@example.nhs.uk"
    error = refused(csv_bytes(GOOD_ROWS[0].replace("amy.baker@example.nhs.uk", long_email)))
    assert messages(error) == ["Line 2: email is longer than 254 characters"]


def test_missing_columns_are_named(trust):
    error = refused(csv_bytes("1,Amy,Baker", header="staff_number,first_name,last_name"))
    assert isinstance(error, errors.ColumnsError)
    assert "email, staff_group, job_role, band, site, ward" in error.message


def test_semicolon_separated_file_gets_a_hint(trust):
    error = refused(csv_bytes(header=HEADER.replace(",", ";")))
    assert "semicolons" in error.message


def test_duplicate_column_is_named(trust):
    error = refused(csv_bytes(header=HEADER + ",Site"))
    assert messages(error) == ["Line 1: column 'site' appears twice (columns 8 and 10)"]


def test_wrong_number_of_fields_names_the_line(trust):
    error = refused(csv_bytes(GOOD_ROWS[0], "10000002,Tom,Reid,,Medical and Dental"))
    assert messages(error) == [
        (
            "Line 3: has 5 fields but the header has 9; check for a comma inside a value "
            "that is not in double quotes"
        )
    ]


def test_unbalanced_quote_is_refused_with_its_line(trust):
    error = refused(csv_bytes(GOOD_ROWS[0], '10000002,"Tom,Reid,,Medical and Dental'))
    assert isinstance(error, errors.MalformedFileError)
    assert messages(error)[0].startswith('Line 3: has a double quote (") that is never closed')


def test_text_after_closing_quote_is_refused(trust):
    error = refused(csv_bytes('10000002,"Tom"my,Reid,,Medical and Dental,C,Medical,BAS,'))
    assert messages(error)[0].startswith("Line 2: has text straight after a closing double quote")


def test_line_numbers_count_file_lines_across_quoted_newlines(trust):
    multi = '10000001,Amy,Baker,,Medical and Dental,"Consultant\nphysician",Medical,BAS,'
    error = refused(csv_bytes(multi, "10000002,Tom,Reid,,Medical and Dental,C,Medical,BAS,X"))
    assert messages(error) == ["Line 4: ward is not a ward at Basildon Hospital"]


def test_non_utf8_file_says_how_to_fix_it(trust):
    data = csv_bytes(GOOD_ROWS[0], "10000002,Zoë,Reid,,Students,S,Non-AfC,BAS,").decode()
    error = refused(data.encode("cp1252"))
    assert isinstance(error, errors.FileEncodingError)
    assert "not UTF-8" in error.message
    assert "line 3" in error.message
    assert "CSV UTF-8" in error.message


def test_empty_file_is_refused(trust):
    assert isinstance(refused(b""), errors.EmptyFileError)
    assert isinstance(refused(b"\n\n"), errors.EmptyFileError)
    assert "no staff rows" in refused(csv_bytes()).message


def test_oversize_file_is_refused_before_parsing(trust, settings):
    settings.QLS_MAX_UPLOAD_BYTES = 100
    error = refused(csv_bytes(*GOOD_ROWS))
    assert isinstance(error, errors.FileTooLargeError)
    assert "limit" in error.message


def test_oversize_stream_without_a_size_is_refused(trust, settings):
    settings.QLS_MAX_UPLOAD_BYTES = 50

    class Stream(io.RawIOBase):
        def readable(self):
            return True

        def read(self, n=-1):
            return b"x" * (n if n > 0 else 1000)

    with pytest.raises(errors.FileTooLargeError):
        import_staff(Stream(), filename="staff.csv")


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (b"this is not a workbook", "staff.xlsx", errors.MalformedFileError),
        (b"PK\x03\x04 broken zip", "staff.xlsx", errors.MalformedFileError),
        (b"\xd0\xcf\x11\xe0 old excel", "staff.xls", errors.UnsupportedFileTypeError),
        (b"staff_number", "staff.pdf", errors.UnsupportedFileTypeError),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_refused(trust, data, filename, kind):
    assert isinstance(refused(data, filename), kind)


def test_zip_that_is_not_a_workbook_is_refused(trust):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    error = refused(buffer.getvalue(), "staff.xlsx")
    assert "not a readable XLSX workbook" in error.message


def test_many_errors_are_capped_for_display(trust):
    rows = [
        f"{20000000 + i},A,B,,Students,S,Non-AfC,BAS,NOPE" for i in range(MAX_LISTED_ERRORS + 50)
    ]
    error = refused(csv_bytes(*rows))
    shown, more = listed_errors(error)
    assert (len(shown), more) == (MAX_LISTED_ERRORS, 50)
    assert error.message == f"{MAX_LISTED_ERRORS + 50} rows of the file have problems."


def test_without_a_host_trust_the_organisation_column_is_required(db):
    error = refused(csv_bytes(GOOD_ROWS[0]))
    assert "organisation column" in error.message


# ---------------------------------------------------------------- CLI


def test_cli_imports_and_prints_the_report(trust, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes(*GOOD_ROWS))
    call_command("import_staff", str(path))
    out = capsys.readouterr().out
    assert "created:   3" in out
    assert StaffMember.objects.count() == 3


def test_cli_refuses_a_bad_file_with_exit_status_2(trust, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS[0], "10000004,Ann,Lee,,Students,S,Non-AfC,BAS,B12"))
    with pytest.raises(CommandError) as caught:
        call_command("import_staff", str(path))
    assert caught.value.returncode == 2
    assert "Line 3: ward is not a ward at Basildon Hospital" in str(caught.value)
    assert "Nothing was imported" in str(caught.value)
    assert not StaffMember.objects.exists()


def test_cli_missing_file_exits_2(trust, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("import_staff", str(tmp_path / "nope.csv"))
    assert caught.value.returncode == 2


def test_cli_exit_status_through_the_qls_console_command(trust, tmp_path, capsys):
    from qls.cli import main

    path = tmp_path / "staff.csv"
    path.write_bytes(b"nonsense")
    with pytest.raises(SystemExit) as caught:
        main(["import_staff", str(path)])
    assert caught.value.code == 2
    assert "missing these columns" in capsys.readouterr().err
