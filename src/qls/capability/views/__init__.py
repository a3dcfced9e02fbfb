"""Learning pages, one module per area (training here; coaching sections in their own modules)."""

from qls.capability.views.cohorts import (
    cohort,
    cohort_completions,
    cohort_edit,
    cohort_new,
    cohort_open,
    cohorts,
)
from qls.capability.views.courses import course, course_edit, courses
from qls.capability.views.enrolment import add_partner, apply, cancel, complete, nominate, offer
from qls.capability.views.index import index
from qls.capability.views.my_training import certificate, my_training, staff_training, survey
from qls.capability.views.planner import plan
from qls.capability.views.registers import register
from qls.capability.views.reports import (
    report_download,
    report_index,
    report_target_delete,
    report_targets,
)

__all__ = [
    "add_partner",
    "apply",
    "cancel",
    "certificate",
    "cohort",
    "cohort_completions",
    "cohort_edit",
    "cohort_new",
    "cohort_open",
    "cohorts",
    "complete",
    "course",
    "course_edit",
    "courses",
    "index",
    "my_training",
    "nominate",
    "offer",
    "plan",
    "register",
    "report_download",
    "report_index",
    "report_target_delete",
    "report_targets",
    "staff_training",
    "survey",
]
