from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "qls.system"
    label = "system"
    verbose_name = "System quality oversight"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.system.permissions import GRANTS

        register_permissions(GRANTS)
