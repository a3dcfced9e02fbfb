from django.urls import path

from qls.projects.views import dashboard as dashboard_views
from qls.projects.views import driver, evaluation, measures, pdsa, project, register
from qls.projects.views import poster as poster_views
from qls.projects.views import search as search_views

app_name = "projects"

urlpatterns = [
    # The registry's front page is its search: every project, findable and filterable.
    path("", search_views.project_list, name="index"),
    path("what-worked/", search_views.what_worked, name="what_worked"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("<int:pk>/poster.pdf", poster_views.poster, name="poster"),
    path("new/", register.new_project, name="new"),
    path("mine/", project.mine, name="mine"),
    path("approvals/", project.approvals, name="approvals"),
    path("evaluations/", evaluation.evaluations, name="evaluations"),
    path("<int:pk>/", project.project_page, name="project"),
    path("<int:pk>/edit/", register.edit_project, name="edit"),
    path("<int:pk>/team/", project.team, name="team"),
    path("<int:pk>/team/<int:member_pk>/remove/", project.remove_member, name="remove_member"),
    path("<int:pk>/stage/", project.stage, name="stage"),
    path("<int:pk>/stage/<int:change_pk>/decide/", project.decide, name="decide"),
    path("<int:pk>/close/", project.close, name="close"),
    path("<int:pk>/evaluation/", evaluation.evaluation_form, name="evaluation"),
    path("<int:pk>/driver/", driver.driver_section, name="driver"),
    path("<int:pk>/driver/add/", driver.add_node, name="node_add"),
    path("<int:pk>/driver/<int:node_pk>/rename/", driver.rename_node, name="node_rename"),
    path("<int:pk>/driver/<int:node_pk>/delete/", driver.delete_node, name="node_delete"),
    path("<int:pk>/ideas/<int:node_pk>/", pdsa.change_idea, name="change_idea"),
    path("<int:pk>/ideas/<int:node_pk>/cycles/new/", pdsa.new_cycle, name="cycle_new"),
    path("<int:pk>/cycles/<int:cycle_pk>/", pdsa.cycle_detail, name="cycle"),
    path("<int:pk>/cycles/<int:cycle_pk>/edit/", pdsa.edit_cycle, name="cycle_edit"),
    path("<int:pk>/cycles/<int:cycle_pk>/delete/", pdsa.delete_cycle, name="cycle_delete"),
    path("<int:pk>/measures/new/", measures.measure_form, name="measure_new"),
    path("<int:pk>/measures/<int:measure_pk>/", measures.measure_detail, name="measure"),
    path("<int:pk>/measures/<int:measure_pk>/edit/", measures.measure_form, name="measure_edit"),
    path(
        "<int:pk>/measures/<int:measure_pk>/delete/",
        measures.delete_measure,
        name="measure_delete",
    ),
    path("<int:pk>/measures/<int:measure_pk>/data/", measures.measure_data, name="measure_data"),
    path("<int:pk>/measures/<int:measure_pk>/paste/", measures.measure_paste, name="measure_paste"),
    path(
        "<int:pk>/measures/<int:measure_pk>/download/",
        measures.measure_download,
        name="measure_download",
    ),
]
