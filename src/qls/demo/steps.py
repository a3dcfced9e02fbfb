"""The demo build's steps, in the order they run.

Resets run in reverse, so a step that points at another step's rows (wards,
staff, projects) deletes its own before they go. A step comes after every
step whose data it uses.
"""

from __future__ import annotations

from qls.demo import reports
from qls.demo.capability import coaching, training
from qls.demo.community import celebrations, elearning, forum, glossary, resources
from qls.demo.context import DemoStep
from qls.demo.measurement import build as measurement
from qls.demo.organisation import logins, staff, structure
from qls.demo.projects import build as projects
from qls.demo.system import learning, meetings, places, risks, sharing, warnings
from qls.demo.wards import build as wards

STEPS: list[DemoStep] = [
    structure.STEP,
    staff.STEP,
    logins.STEP,
    measurement.STEP,
    projects.STEP,
    training.STEP,
    coaching.STEP,
    wards.STEP,
    celebrations.STEP,
    reports.STEP,
    glossary.STEP,
    resources.STEP,
    forum.STEP,
    elearning.STEP,
    risks.STEP,
    meetings.STEP,
    sharing.STEP,
    learning.STEP,
    places.STEP,
    warnings.STEP,
]

# The organisation's steps, which every other step stands on.
ORGANISATION = ("structure", "staff", "logins")

# Log-ins later steps add, listed by ``manage.py demo`` after the organisation's.
EXTRA_LOGINS = [username for username, *_rest in risks.LOGINS]


def up_to(name: str) -> list[DemoStep]:
    """The steps up to and including ``name``."""
    names = [step.name for step in STEPS]
    return STEPS[: names.index(name) + 1]


def only(*names: str) -> list[DemoStep]:
    """The organisation's steps and the named ones, in build order."""
    wanted = {*ORGANISATION, *names}
    unknown = wanted - {step.name for step in STEPS}
    if unknown:
        raise ValueError(f"no demo step named {', '.join(sorted(unknown))}")
    return [step for step in STEPS if step.name in wanted]
