"""What each role may do in the ward programme (registered into qls.accounts.roles).

Every role reads the programme: boards, journeys, diagnostic packs, events,
"we said, we did" and the accreditation board. Raising an issue at an event
needs no sign-in at all (bank and agency staff), so no permission either.
The improvement team (and admins) plan waves, run events and manage
accreditation templates and levels. QI coaches and the improvement team carry
out accreditation audits. Executives see the dashboard. Data analysts import
staff survey results. Action owners update their own actions whatever their
role (see ``access.can_update_action``).
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW = "wards.view_wardprogramme"
PLAN = "wards.plan_waves"
RUN_EVENTS = "wards.run_events"
DASHBOARD = "wards.view_ward_dashboard"
MANAGE_TEMPLATES = "wards.manage_audit_templates"
RUN_AUDITS = "wards.run_audits"
IMPORT_SURVEY = "wards.add_surveyimport"

_TEAM = [VIEW, PLAN, RUN_EVENTS, DASHBOARD, MANAGE_TEMPLATES, RUN_AUDITS, IMPORT_SURVEY]

GRANTS: dict[str, list[str]] = {
    Role.STAFF: [VIEW],
    Role.PROJECT_LEAD: [VIEW],
    Role.QI_COACH: [VIEW, RUN_AUDITS],
    Role.IMPROVEMENT_TEAM: _TEAM,
    Role.DATA_ANALYST: [VIEW, IMPORT_SURVEY],
    Role.EXECUTIVE: [VIEW, DASHBOARD],
    Role.ADMIN: _TEAM,
}
