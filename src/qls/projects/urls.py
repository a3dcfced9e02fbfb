from django.urls import path

from qls.projects.views import (
    closure,
    driver,
    evaluation,
    measures,
    mine,
    pdsa,
    project,
    register,
    score,
    stage,
    team,
)
from qls.projects.views import dashboard as dashboard_views
from qls.projects.views import poster as poster_views
from qls.projects.views import search as search_views

app_name = "projects"

urlpatterns = [
    # The registry's front page is its search: every project, findable and filterable.
    path("", search_views.project_list, name="index"),
    path("what-worked/", search_views.what_worked, name="what_worked"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("<id:pk>/poster.pdf", poster_views.poster, name="poster"),
    path("new/", register.new_project, name="new"),
    path("mine/", mine.mine, name="mine"),
    path("approvals/", mine.approvals, name="approvals"),
    path("evaluations/", evaluation.evaluations, name="evaluations"),
    path("<id:pk>/", project.project_page, name="project"),
    path("<id:pk>/edit/", register.edit_project, name="edit"),
    path("<id:pk>/team/", team.team, name="team"),
    path("<id:pk>/team/<id:member_pk>/remove/", team.remove_member, name="remove_member"),
    path("<id:pk>/stage/", stage.stage, name="stage"),
    path("<id:pk>/stage/<id:change_pk>/decide/", stage.decide, name="decide"),
    path("<id:pk>/stage/<id:change_pk>/withdraw/", stage.withdraw, name="withdraw"),
    path("<id:pk>/close/", closure.close, name="close"),
    path("<id:pk>/reopen/", closure.reopen, name="reopen"),
    path("<id:pk>/score/", score.confirm_score, name="score"),
    path("<id:pk>/evaluation/", evaluation.evaluation_form, name="evaluation"),
    path("<id:pk>/driver/", driver.driver_section, name="driver"),
    path("<id:pk>/driver/add/", driver.add_node, name="node_add"),
    path("<id:pk>/driver/<id:node_pk>/rename/", driver.rename_node, name="node_rename"),
    path("<id:pk>/driver/<id:node_pk>/delete/", driver.delete_node, name="node_delete"),
    path("<id:pk>/ideas/<id:node_pk>/", pdsa.change_idea, name="change_idea"),
    path("<id:pk>/ideas/<id:node_pk>/cycles/new/", pdsa.new_cycle, name="cycle_new"),
    path("<id:pk>/cycles/<id:cycle_pk>/", pdsa.cycle_detail, name="cycle"),
    path("<id:pk>/cycles/<id:cycle_pk>/edit/", pdsa.edit_cycle, name="cycle_edit"),
    path("<id:pk>/cycles/<id:cycle_pk>/delete/", pdsa.delete_cycle, name="cycle_delete"),
    path("<id:pk>/measures/new/", measures.measure_form, name="measure_new"),
    path("<id:pk>/measures/<id:measure_pk>/", measures.measure_detail, name="measure"),
    path("<id:pk>/measures/<id:measure_pk>/edit/", measures.measure_form, name="measure_edit"),
    path(
        "<id:pk>/measures/<id:measure_pk>/delete/",
        measures.delete_measure,
        name="measure_delete",
    ),
    path("<id:pk>/measures/<id:measure_pk>/data/", measures.measure_data, name="measure_data"),
    path("<id:pk>/measures/<id:measure_pk>/paste/", measures.measure_paste, name="measure_paste"),
    path(
        "<id:pk>/measures/<id:measure_pk>/recalculate/",
        measures.recalculation_decide,
        name="recalculation_decide",
    ),
    path(
        "<id:pk>/measures/<id:measure_pk>/download/",
        measures.measure_download,
        name="measure_download",
    ),
]
