from django.apps import AppConfig


class CapabilityConfig(AppConfig):
    name = "qls.capability"
    label = "capability"
    verbose_name = "Improvement capability"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.capability.permissions import GRANTS

        register_permissions(GRANTS)

        from qls.capability.work import register_sections

        register_sections()

        # Connects the coach pool's rules to the project registry's naming_coach signal.
        from qls.capability.coaching import rules  # noqa: F401
