"""The whole improvement and capability section for one month, counted at its cut-off."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qls.capability.models import Course
from qls.reports.capability.accreditation import accreditation_at
from qls.reports.capability.evidence import Memo, new_evidence
from qls.reports.capability.projects import projects_at
from qls.reports.capability.training import trained_at
from qls.reports.capability.wards import ward_programme_at

KINDS = (Course.Kind.FUNDAMENTALS, Course.Kind.PRACTITIONER)


def section_at(period: dt.date, cutoff: dt.date, memo: Memo | None = None) -> dict[str, Any]:
    """The whole section for the month starting ``period``, counted at ``cutoff``.

    Pass one ``Memo`` to count several months in a row faster.
    """
    return {
        "period": period.isoformat(),
        "cutoff": cutoff.isoformat(),
        "training": [trained_at(kind, period, cutoff) for kind in KINDS],
        "projects": projects_at(cutoff),
        "evidence": new_evidence(period, cutoff, memo),
        "wards": ward_programme_at(cutoff),
        "accreditation": accreditation_at(cutoff),
    }
