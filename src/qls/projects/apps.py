from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "qls.projects"
    label = "projects"
    verbose_name = "QI projects"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.projects.permissions import GRANTS

        register_permissions(GRANTS)

        from qls.projects.work import register_sections

        register_sections()

        from qls.projects.search.signals import connect_signals

        connect_signals()

        from qls.projects import receivers

        receivers.connect()
