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
