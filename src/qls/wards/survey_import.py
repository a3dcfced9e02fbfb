"""Importing staff survey results per ward from a CSV or XLSX file, all or nothing.

Columns (header row, any order, names not case-sensitive): ``ward`` (a ward
code or its exact name), ``survey`` (e.g. NHS Staff Survey 2024),
``period`` (the date the survey closed, 2024-11-30 or 30/11/2024),
``theme``, ``score`` (0 to 10, as the NHS Staff Survey reports themes) and
optionally ``respondents``. Every row is checked first; any problem refuses
the whole file and each is reported with its line number. Importing the
same ward, survey and theme again replaces the earlier score.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils import timezone

from qls.core import spreadsheets, uploads
from qls.core.exports import formula_problem
from qls.core.jobs import JobRefused, RowProgress, enqueue, run_file_job
from qls.core.limits import TITLE_MAX, cell_problems
from qls.core.models import JobStatus
from qls.core.screening import screen
from qls.core.uploads import UploadRefused, store_upload
from qls.organisation.models import Ward
from qls.wards.errors import SurveyImportError
from qls.wards.models import StaffSurveyResult, SurveyImport

REQUIRED = ("ward", "survey", "period", "theme", "score")
OPTIONAL = ("respondents",)
MAX_PROBLEMS = 200
SURVEY_IMPORT_TASK = "wards.survey_import"


@dataclass
class SurveyImportResult:
    filename: str
    rows: int
    created: int
    replaced: int


def _date(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_limited(source: bytes | IO[bytes]) -> bytes:
    """The upload's bytes, refused by its size before it is read (and read no further)."""
    try:
        return uploads.read_limited(source, file_name="The file")
    except UploadRefused as error:
        raise SurveyImportError(f"{error.message} Split it by survey.") from None


def _csv_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SurveyImportError(
            "The file is not UTF-8 text. Save it from Excel as 'CSV UTF-8'."
        ) from error
    reader = csv.reader(io.StringIO(text))
    try:
        for values in reader:
            yield reader.line_num, values
    except csv.Error as error:
        # A cell past the csv module's size limit, or a NUL byte: refused, located.
        reason = str(error)
        if "field limit" in reason:
            reason = f"a value is longer than {csv.field_size_limit():,} characters"
        raise SurveyImportError(
            "The file cannot be read as CSV.", [(reader.line_num, f"{reason}.")]
        ) from error


def _xlsx_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    # The shared reader refuses a workbook that unpacks beyond the limits
    # before reading a cell; rows are sheet rows, so line numbers match Excel's.
    try:
        for number, values in spreadsheets.iter_rows(data):
            yield number, [_cell_text(v) for v in values]
    except spreadsheets.SpreadsheetRefused as error:
        raise SurveyImportError(error.message) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(
    data: bytes, filename: str = "survey.csv"
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header names (lower case) and (line number, row) pairs, from CSV or XLSX."""
    read_limited(data)
    name = filename.lower()
    if name.endswith(".xlsx"):
        lines = _xlsx_lines(data)
    elif name.endswith((".csv", ".txt")):
        lines = _csv_lines(data)
    else:
        raise SurveyImportError("The file must be a .csv or .xlsx file.")
    try:
        header: list[str] = []
        while not any(h.strip() for h in header):
            header = [h.strip().lower() for h in next(lines)[1]]
    except StopIteration as error:
        raise SurveyImportError("The file is empty.") from error
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SurveyImportError(
            f"The header row has no column {', '.join(missing)}. Needed: {', '.join(REQUIRED)}."
        )
    while header and not header[-1]:
        header.pop()  # a sheet's trailing empty cells
    rows = []
    for line, values in lines:
        while len(values) > len(header) and not values[-1].strip():
            values = values[:-1]
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            rows.append((line, {"__extra__": "1"}))
            continue
        rows.append(
            (
                line,
                {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)},
            )
        )
    return header, rows


# No cell needs more; a longer one is refused before it is read or quoted.
_CELL_LIMITS = {"ward": TITLE_MAX, "period": 40, "score": 40}


def check_rows(
    rows: list[tuple[int, dict[str, str]]], progress: Callable[[int], None] | None = None
) -> tuple[list[dict], list[tuple[int, str]]]:
    wards_by_code = {w.code.lower(): w for w in Ward.objects.all()}
    wards_by_name: dict[str, list[Ward]] = {}
    for known in wards_by_code.values():
        wards_by_name.setdefault(known.name.lower(), []).append(known)
    good: list[dict] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[int, str, str], int] = {}
    for done, (line, row) in enumerate(rows):
        if progress:
            progress(done)
        if "__extra__" in row:
            problems.append((line, "The row has more values than the header has columns."))
            continue
        if too_long := cell_problems(row, _CELL_LIMITS):
            problems += [(line, p.rstrip(".")) for p in too_long]
            continue
        errors = []
        key = row["ward"].lower()
        ward = wards_by_code.get(key)
        if ward is None:
            named = wards_by_name.get(key, [])
            if len(named) == 1:
                ward = named[0]
            elif len(named) > 1:
                errors.append("ward names wards at several sites; use its code")
            else:
                errors.append("ward is not a ward code or name in QLS")
        survey, theme = row["survey"], row["theme"]
        if not survey:
            errors.append("survey is empty")
        elif len(survey) > 100:
            errors.append("survey is longer than 100 characters")
        if not theme:
            errors.append("theme is empty")
        elif len(theme) > 200:
            errors.append("theme is longer than 200 characters")
        errors.extend(m.rstrip(".") for m in screen({"survey": survey, "theme": theme}).values())
        errors.extend(
            p
            for p in (formula_problem(c, row.get(c, "")) for c in ("ward", "survey", "theme"))
            if p
        )
        period = _date(row["period"])
        if period is None:
            errors.append("period is not a date like 2024-11-30 or 30/11/2024")
        try:
            score = float(row["score"])
            if not 0 <= score <= 10:
                errors.append("score is outside 0 to 10")
        except ValueError:
            score = None
            errors.append("score is not a number")
        respondents = None
        raw = row.get("respondents", "")
        if raw:
            if raw.isdigit():
                respondents = int(raw)
            else:
                errors.append("respondents is not a whole number")
        if ward is not None and survey and theme:
            dup_key = (ward.pk, survey.lower(), theme.lower())
            if dup_key in seen:
                errors.append(f"repeats the ward, survey and theme of line {seen[dup_key]}")
            else:
                seen[dup_key] = line
        if errors:
            message = "; ".join(errors)
            problems.append((line, message[0].upper() + message[1:] + "."))
        else:
            good.append(
                {
                    "ward": ward,
                    "survey": survey,
                    "period": period,
                    "theme": theme,
                    "score": score,
                    "respondents": respondents,
                }
            )
    return good, problems


def import_survey(source: bytes | IO[bytes], *, filename: str, by=None) -> SurveyImportResult:
    """Check the whole file, then write it in one transaction (or raise SurveyImportError).

    ``source`` is the file's bytes or an upload, whose size is checked before it is read.
    """
    if problem := screen({"the file name": filename}).get("the file name"):
        raise SurveyImportError(problem)
    return import_data(read_limited(source), filename=filename, by=by)


def import_data(
    data: bytes, *, filename: str, by=None, progress: RowProgress | None = None
) -> SurveyImportResult:
    """Check and write a survey file's bytes; with ``progress``, on its job's row."""
    _header, rows = read_rows(data, filename)
    if not rows:
        raise SurveyImportError("The file has a header row but no results.")
    if progress:
        progress.start(len(rows), "Checking rows")
    good, problems = check_rows(rows, progress=progress.step if progress else None)
    if problems:
        count = len(problems)
        raise SurveyImportError(
            f"{count} row{'s' if count != 1 else ''} of the file "
            f"{'have' if count != 1 else 'has'} a problem.",
            problems[:MAX_PROBLEMS],
        )
    with transaction.atomic():
        if progress:
            progress.step(len(rows), "Saving results")
            record = SurveyImport.objects.get(pk=progress.pk)
        else:
            record = SurveyImport.objects.create(
                filename=filename[:255],
                sha256=hashlib.sha256(data).hexdigest(),
                imported_by=by,
                status=JobStatus.SUCCEEDED,
                finished_at=timezone.now(),
                message="Done",
            )
        existing = {
            (r.ward_id, r.survey, r.theme): r
            for r in StaffSurveyResult.objects.filter(
                ward__in={g["ward"].pk for g in good}, survey__in={g["survey"] for g in good}
            )
        }
        created = replaced = 0
        for item in good:
            found = existing.get((item["ward"].pk, item["survey"], item["theme"]))
            if found is None:
                StaffSurveyResult.objects.create(source_import=record, **item)
                created += 1
            else:
                for name in ("period", "score", "respondents"):
                    setattr(found, name, item[name])
                found.source_import = record
                found.save()
                replaced += 1
        counts = {"rows": len(good), "replaced": replaced}
        if progress:
            progress.succeeded("Done", rows_done=len(rows), **counts)
        else:
            SurveyImport.objects.filter(pk=record.pk).update(**counts)
    return SurveyImportResult(filename=filename, rows=len(good), created=created, replaced=replaced)


# ------------------------------------------------------------------ background job


def start_survey_import(upload: IO[bytes], *, filename: str, by=None) -> SurveyImport:
    """Store the upload (refused over the upload limit before it is read) and queue its import."""
    name = Path(filename).name
    if problem := screen({"the file name": name}).get("the file name"):
        raise SurveyImportError(problem)
    if not name.lower().endswith((".csv", ".txt", ".xlsx")):
        raise SurveyImportError("The file must be a .csv or .xlsx file.")
    try:
        stored = store_upload(upload, file_name=name, folder="survey-imports")
    except UploadRefused as error:
        big = " Split it by survey." if "too large" in error.message else ""
        raise SurveyImportError(error.message + big) from None
    job = SurveyImport.objects.create(
        filename=name[:255],
        sha256=stored.sha256,
        size_bytes=stored.size,
        file_path=str(stored.path),
        imported_by=by if getattr(by, "is_authenticated", False) else None,
        message="Waiting to start",
    )
    enqueue(SURVEY_IMPORT_TASK, job.pk)
    return job


def run_survey_job(job: SurveyImport) -> SurveyImport:
    """Run a queued survey import to its end; the outcome is on the returned row."""

    def work(path: Path, progress: RowProgress) -> None:
        try:
            import_data(
                path.read_bytes(), filename=job.filename, by=job.imported_by, progress=progress
            )
        except SurveyImportError as error:
            problems = [{"line": line, "reason": reason} for line, reason in error.problems]
            raise JobRefused(error.message, problems) from None

    return run_file_job(job, work)
