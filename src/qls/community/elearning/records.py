"""Where the e-learning's completions live: the capability training records.

The e-learning is a capability ``Course`` of the kind "QI introduction
e-learning", with one online ``Cohort`` a year that is never open for
booking (people just start). A completion is a completed ``Enrolment`` in
the year's cohort, so My training, a staff member's training history, the
training reports and the certificate read it like any other course.
"""

from __future__ import annotations

import datetime as dt

from qls.capability.models import Cohort, Course

COURSE_NAME = "Improvement at our trust"
COURSE_DESCRIPTION = (
    "The trust's introductory e-learning: what quality improvement is, the model for "
    "improvement, PDSA cycles, measurement for improvement, SPC charts, and spreading and "
    "sustaining change. Six chapters, each ending with a short quiz, taken online."
)
# The largest number a cohort's places can hold in every supported database.
ONLINE_PLACES = 32_000


def course() -> Course:
    found = Course.objects.filter(kind=Course.Kind.QI_INTRO).order_by("pk").first()
    if found is not None:
        return found
    return Course.objects.create(
        name=COURSE_NAME,
        kind=Course.Kind.QI_INTRO,
        description=COURSE_DESCRIPTION,
        sessions_count=1,
        min_sessions_attended=1,
    )


def cohort_name(year: int) -> str:
    return f"{COURSE_NAME}, online {year}"


def cohort_for(year: int, of: Course | None = None) -> Cohort:
    """The year's online cohort, made on first use."""
    of = of or course()
    cohort, _ = Cohort.objects.get_or_create(
        course=of,
        name=cohort_name(year),
        defaults={
            "start_date": dt.date(year, 1, 1),
            "capacity": ONLINE_PLACES,
            "venue": "Online",
            "status": Cohort.Status.CLOSED,
        },
    )
    return cohort
