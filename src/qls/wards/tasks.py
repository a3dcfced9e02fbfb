"""Background jobs of the ward programme (Huey): staff survey imports."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from qls.wards.models import SurveyImport
from qls.wards.survey_import import run_survey_job


@db_task()
def run_survey_import_task(job_id: int) -> None:
    """Run a queued survey import; progress and outcome are written to its row."""
    job = SurveyImport.objects.select_related("imported_by").filter(pk=job_id).first()
    if job is not None:
        run_survey_job(job)
