from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "qls.reports"
    label = "reports"
    verbose_name = "Board reports"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.reports.permissions import GRANTS

        register_permissions(GRANTS)

        from qls.core.jobs import register_stale_sweep
        from qls.reports.files import fail_stale_builds

        register_stale_sweep("report files", fail_stale_builds)

        from qls.core.jobs import register_task
        from qls.reports.files import BUILD_TASK
        from qls.reports.tasks import build_edition_file_task

        register_task(BUILD_TASK, build_edition_file_task)
