"""Errors the project actions raise; views turn them into messages."""

from __future__ import annotations


class ProjectError(Exception):
    """A change to a project that the registry's rules do not allow."""


class StageChangeError(ProjectError):
    """A stage move that is not allowed now (wrong order, pending request, not approver)."""


class ClosureError(StageChangeError):
    """Closing a project without a completed evaluation, an outcome or a reason."""


class DriverDiagramError(ProjectError):
    """A driver diagram node in the wrong place (a change idea under a primary driver)."""


class TeamError(ProjectError):
    """A team change that would leave the project without a lead."""


class CoachError(TeamError):
    """Naming a coach the rules refuse: not a QI coach, named by the team, or no capacity left."""


class PasteError(ProjectError):
    """Pasted measure data with problems; ``errors`` lists one message per bad line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors
