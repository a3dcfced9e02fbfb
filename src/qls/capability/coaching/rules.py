"""The coach pool's rules, applied wherever the project registry names a coach.

The registry sends ``naming_coach`` before it writes a coach onto a team
(registration or the team page); this receiver refuses anyone who is not an
active coach in the pool, or who has no capacity left. ``assign_coach``
applies the same rule for allocations made from the coach pool.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from qls.capability.models import Coach
from qls.projects.errors import CoachError
from qls.projects.signals import naming_coach


@receiver(naming_coach, dispatch_uid="capability-coach-capacity")
def refuse_coach_without_capacity(sender: Any, *, project: Any, staff: Any, **kwargs: Any) -> None:
    # Locked so that two namings at once cannot both take the coach's last place.
    coach = Coach.objects.select_for_update().filter(staff=staff).first()
    if coach is None or not coach.active:
        raise CoachError(
            f"{staff.full_name} is not an active coach in the coach pool: add them to the "
            "pool with a capacity before naming them a project's coach."
        )
    used = coach.coached_projects().exclude(pk=project.pk).count()
    if used >= coach.capacity:
        raise CoachError(
            f"{staff.full_name} is at capacity ({used} of {coach.capacity} projects). "
            "Choose another coach or raise their capacity first."
        )
