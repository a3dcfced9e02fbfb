"""Every write to the registry that touches more than one row.

Keyword-only functions, each in one transaction: they check the rule,
write, and recompute evidence of improvement where the change could alter
it. They raise the errors in ``errors.py``; views turn those into messages.
Who may call them is checked by the views through ``access.py``, except
where the rule is part of the action itself (approving a stage change).

One module per feature. The public actions are re-exported here because
views, other apps and tests call them as ``actions.<name>``.
"""

from qls.projects.actions.closure import close_project, reopen_project, save_evaluation
from qls.projects.actions.cycles import delete_cycle, save_cycle
from qls.projects.actions.driver import ALLOWED_CHILDREN, add_node, delete_node, rename_node
from qls.projects.actions.measures import delete_measure, save_measure, save_values
from qls.projects.actions.register import register_project, tags_from_text, update_project
from qls.projects.actions.stages import (
    NEEDS_APPROVAL,
    decide_stage_change,
    needs_approval,
    request_stage_change,
    withdraw_stage_change,
)
from qls.projects.actions.team import add_coach, add_member, remove_member

__all__ = [
    "ALLOWED_CHILDREN",
    "NEEDS_APPROVAL",
    "add_coach",
    "add_member",
    "add_node",
    "close_project",
    "decide_stage_change",
    "delete_cycle",
    "delete_measure",
    "delete_node",
    "needs_approval",
    "register_project",
    "remove_member",
    "rename_node",
    "reopen_project",
    "request_stage_change",
    "save_cycle",
    "save_evaluation",
    "save_measure",
    "save_values",
    "tags_from_text",
    "update_project",
    "withdraw_stage_change",
]
