from django.urls import path

from qls.wards.views import (
    accreditation,
    audit_templates,
    diagnostic,
    events,
    follow_up,
    home,
    issues,
    programme,
    standards,
)

app_name = "wards"

urlpatterns = [
    path("", home.index, name="index"),
    path("dashboard.<str:fmt>", home.dashboard_export, name="dashboard_export"),
    path("programmes/new/", programme.programme_edit, name="programme_new"),
    path("programmes/<id:pk>/", programme.programme_edit, name="programme_edit"),
    path("plan/<str:site>/", programme.plan, name="plan"),
    path("board/<str:site>/", programme.board, name="board"),
    path("journeys/<id:pk>/", programme.journey, name="journey"),
    path("journeys/<id:pk>/advance/", programme.advance, name="advance"),
    path("journeys/<id:pk>/diagnostic/", diagnostic.pack, name="diagnostic"),
    path("journeys/<id:pk>/diagnostic.pdf", diagnostic.pack_pdf, name="diagnostic_pdf"),
    path("survey/import/", diagnostic.survey_import, name="survey_import"),
    path("survey/import/<id:pk>/", diagnostic.survey_import_run, name="survey_import_run"),
    path("journeys/<id:pk>/events/new/", events.event_new, name="event_new"),
    path("events/<id:pk>/", events.event, name="event"),
    path("events/<id:pk>/qr.svg", events.event_qr, name="event_qr"),
    path("events/<id:pk>/nominate/", events.nominate, name="nominate"),
    path("e/<slug:token>/", events.submit, name="submit"),
    path("issues/<id:pk>/", follow_up.issue, name="issue"),
    path("issues/<id:pk>/action/", follow_up.add_action, name="issue_action"),
    path("issues/<id:pk>/project/", follow_up.start_project, name="issue_project"),
    path("issues/<id:pk>/escalate/", follow_up.escalate, name="issue_escalate"),
    path(
        "issues/<id:pk>/not-taken-forward/",
        follow_up.not_taken_forward,
        name="issue_not_taken_forward",
    ),
    path("issues/<id:pk>/category/", issues.categorise, name="categorise"),
    path("issues/<id:pk>/duplicate/", issues.duplicate, name="duplicate"),
    path("actions/", issues.action_list, name="actions"),
    path("actions/<id:pk>/", issues.action_update, name="action_update"),
    path("we-said-we-did/", issues.we_said_we_did, name="we_said_we_did"),
    path("escalations/<id:pk>/respond/", issues.respond, name="respond"),
    path("accreditation/", accreditation.index, name="accreditation"),
    path("accreditation/manage/", accreditation.manage, name="accreditation_manage"),
    path("accreditation/sites/<str:site>/", accreditation.board, name="accreditation_board"),
    path("accreditation/wards/<str:code>/", accreditation.ward, name="accreditation_ward"),
    path("audits/new/", accreditation.audit_new, name="audit_new"),
    path("audits/<id:pk>/", accreditation.audit, name="audit"),
    path("audits/<id:pk>/review/", accreditation.audit_review, name="audit_review"),
    path("audits/<id:pk>/submit/", accreditation.audit_submit, name="audit_submit"),
    path(
        "audits/<id:pk>/standards/<id:question>/action/",
        standards.raise_action,
        name="standard_action",
    ),
    path(
        "audits/<id:pk>/standards/<id:question>/project/",
        standards.start_project,
        name="standard_project",
    ),
]

# Audit templates: built and versioned by the improvement team.
urlpatterns += [
    path("accreditation/templates/new/", audit_templates.template_new, name="audit_template_new"),
    path("accreditation/templates/<id:pk>/", audit_templates.template, name="audit_template"),
    path(
        "accreditation/templates/<id:pk>/sections/new/",
        audit_templates.section_new,
        name="audit_section_new",
    ),
    path(
        "accreditation/templates/<id:pk>/preview/",
        audit_templates.preview,
        name="audit_template_preview",
    ),
    path(
        "accreditation/templates/<id:pk>/new-version/",
        audit_templates.new_version,
        name="audit_template_version",
    ),
    path(
        "accreditation/templates/<id:pk>/use/",
        audit_templates.put_in_use,
        name="audit_template_use",
    ),
    path("accreditation/sections/<id:pk>/", audit_templates.section_edit, name="audit_section"),
]
