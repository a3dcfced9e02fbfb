"""One access check per object type: returns the object or raises 404 / 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from qls.wards import permissions as perms
from qls.wards.models import Action, Audit, EngagementEvent, Issue, WardJourney


def require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def get_journey(user, pk: int) -> WardJourney:
    require(user, perms.VIEW)
    return get_object_or_404(
        WardJourney.objects.select_related(
            "ward__site", "ward__specialty", "wave", "programme", "facilitator"
        ),
        pk=pk,
    )


def get_event(user, pk: int, *, run: bool = False) -> EngagementEvent:
    require(user, perms.RUN_EVENTS if run else perms.VIEW)
    return get_object_or_404(
        EngagementEvent.objects.select_related(
            "journey__ward__site", "journey__wave", "journey__programme", "facilitator"
        ),
        pk=pk,
    )


def can_sort_issues(user, event: EngagementEvent) -> bool:
    """Who sorts an event's issues into fix, improve or change and follows them up:
    the improvement team, the ward's manager, and the staff who facilitate the
    event or the ward's journey. A manager of another ward may not."""
    if user.has_perm(perms.RUN_EVENTS):
        return True
    if not user.has_perm(perms.VIEW):
        return False
    member = _member(user)
    if member is None:
        return False
    journey = event.journey
    return member.pk in {journey.ward.manager_id, event.facilitator_id, journey.facilitator_id}


def get_issue(user, pk: int, *, sort: bool = True) -> Issue:
    """The issue, if the user may sort it (or, with ``sort=False``, may at least
    follow it: they own one of its actions)."""
    require(user, perms.VIEW)
    found = get_object_or_404(
        Issue.objects.select_related(
            "event__journey__ward__site", "event__journey__wave", "event__facilitator"
        ),
        pk=pk,
    )
    if can_sort_issues(user, found.event):
        return found
    member = _member(user)
    if not sort and member is not None and found.actions.filter(owner=member).exists():
        return found
    raise PermissionDenied


def can_update_action(user, action: Action) -> bool:
    """Whoever sorts the action's issue (or follows up the audit whose standard it is for),
    or the action's owner whatever their role."""
    member = _member(user)
    if member is not None and member.pk == action.owner_id:
        return True
    if action.audit_answer_id:
        from qls.wards.standards import can_follow_up

        return can_follow_up(user, action.audit_answer.audit)
    return can_sort_issues(user, action.issue.event)


def _member(user):
    return getattr(user, "staff_member", None) if user.is_authenticated else None


def get_action_to_update(user, pk: int) -> Action:
    require(user, perms.VIEW)
    action = get_object_or_404(
        Action.objects.select_related(
            "issue__event__journey__ward", "audit_answer__audit__ward", "owner"
        ),
        pk=pk,
    )
    if not can_update_action(user, action):
        raise PermissionDenied
    return action


def get_audit(user, pk: int, *, edit: bool = False) -> Audit:
    """A submitted audit for anyone who may view audits; a draft only for the person
    who started it (to everyone else it does not exist yet: 404)."""
    require(user, perms.RUN_AUDITS if edit else perms.VIEW)
    found = get_object_or_404(
        Audit.objects.select_related("template", "ward__site", "auditor"), pk=pk
    )
    if found.status == Audit.Status.DRAFT and not is_own_draft(user, found):
        raise Http404("No such audit")
    return found


def is_own_draft(user, audit: Audit) -> bool:
    return audit.created_by_id is not None and audit.created_by_id == getattr(user, "pk", None)


# Audit templates (the import stays here, beside the only helpers that need it).
from qls.wards.models import AuditSection, AuditTemplate


def get_audit_template(user, pk: int) -> AuditTemplate:
    """A template (any version) for the people who build templates."""
    require(user, perms.MANAGE_TEMPLATES)
    return get_object_or_404(AuditTemplate, pk=pk)


def get_audit_section(user, pk: int) -> AuditSection:
    require(user, perms.MANAGE_TEMPLATES)
    return get_object_or_404(AuditSection.objects.select_related("template"), pk=pk)


def get_failed_standard(user, audit_pk: int, question_pk: int):
    """A failed standard of a submitted audit, for its auditor or the ward's manager."""
    from qls.wards.errors import StandardError
    from qls.wards.standards import can_follow_up, failed_answer

    audit = get_audit(user, audit_pk)
    if audit.status != Audit.Status.SUBMITTED:
        raise Http404("A draft audit has no result to follow up yet")
    if not can_follow_up(user, audit):
        raise PermissionDenied
    try:
        return failed_answer(audit, question_pk)
    except StandardError as error:
        raise Http404(error.message) from error
