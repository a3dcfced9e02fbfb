from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "qls.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.community.permissions import GRANTS

        register_permissions(GRANTS)

        from qls.community.elearning.demo import register_step as register_elearning_demo

        register_elearning_demo()
