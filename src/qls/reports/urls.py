from django.urls import path

from qls.reports.views import editions, files, reports, sections

app_name = "reports"

urlpatterns = [
    path("", reports.index, name="index"),
    path("new/", reports.report_new, name="report_new"),
    path("editions/<id:pk>/", editions.edition, name="edition"),
    path("editions/<id:pk>/refresh/", editions.refresh, name="refresh"),
    path("editions/<id:pk>/complete/", editions.complete, name="complete"),
    path("editions/<id:pk>/approve/", editions.approve, name="approve"),
    path("editions/<id:pk>/publish/", editions.publish, name="publish"),
    path("editions/<id:pk>/correct/", editions.correct, name="correct"),
    path("editions/<id:pk>/narratives/<id:item>/", editions.narrative, name="narrative"),
    path("editions/<id:pk>/files/<slug:format_code>/", files.file, name="file"),
    path("editions/<id:pk>/files/<slug:format_code>/build/", files.build, name="file_build"),
    path(
        "editions/<id:pk>/files/<slug:format_code>/download/", files.download, name="file_download"
    ),
    path("<slug:slug>/", reports.report, name="report"),
    path("<slug:slug>/edit/", sections.report_edit, name="report_edit"),
    path("<slug:slug>/sections/new/", reports.section_new, name="section_new"),
    path("<slug:slug>/sections/<id:pk>/", sections.section_edit, name="section_edit"),
    path("<slug:slug>/sections/<id:pk>/move/", sections.section_move, name="section_move"),
    path("<slug:slug>/sections/<id:pk>/delete/", sections.section_delete, name="section_delete"),
    path("<slug:slug>/editions/new/", reports.edition_new, name="edition_new"),
]
