from django.apps import AppConfig


class WardsConfig(AppConfig):
    name = "qls.wards"
    label = "wards"
    verbose_name = "Ward programme"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.wards.permissions import GRANTS

        register_permissions(GRANTS)

        from qls.wards.work import register_sections

        register_sections()

        from qls.projects.signals import project_registered
        from qls.wards.standards import on_project_registered

        project_registered.connect(on_project_registered, dispatch_uid="wards.standard_project")

        from functools import partial

        from qls.core.jobs import fail_stale_file_jobs, register_stale_sweep
        from qls.wards.models import SurveyImport

        register_stale_sweep("survey imports", partial(fail_stale_file_jobs, SurveyImport))

        from qls.core.jobs import register_task
        from qls.wards.survey_import import SURVEY_IMPORT_TASK
        from qls.wards.tasks import run_survey_import_task

        register_task(SURVEY_IMPORT_TASK, run_survey_import_task)
