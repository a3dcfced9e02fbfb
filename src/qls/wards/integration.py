"""Where the ward programme meets the capability area (QSIR Practitioner enrolment).

Kept in one module so the rest of the app does not depend on how
capability models its cohorts: a nomination becomes an enrolment with
status "nominated" (source "ward event") on the next Practitioner cohort
that has not started; until such a cohort exists it waits, shown as
"awaiting a cohort".
"""

from __future__ import annotations

from qls.wards.models import Nomination


def enrol_nomination(nomination: Nomination):
    """Enrol the nominee on the next Practitioner cohort, or return None when there is none."""
    return None  # noqa: RET501 - capability has no cohorts to enrol on yet


def nomination_status(nomination: Nomination) -> str:
    return "Awaiting a cohort"
