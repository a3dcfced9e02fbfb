from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "qls.organisation"
    label = "organisation"
    verbose_name = "Organisation structure"

    def ready(self) -> None:
        from functools import partial

        from qls.core.jobs import fail_stale_file_jobs, register_stale_sweep
        from qls.organisation.models import StaffImport

        register_stale_sweep("staff imports", partial(fail_stale_file_jobs, StaffImport))

        from qls.core.jobs import register_task
        from qls.organisation.staff_jobs import STAFF_IMPORT_TASK
        from qls.organisation.tasks import run_staff_import_task

        register_task(STAFF_IMPORT_TASK, run_staff_import_task)
