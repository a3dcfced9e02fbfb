from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "qls.system"
    label = "system"
    verbose_name = "System quality oversight"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.system import demo_sharing
        from qls.system.dashboard import demo as dashboard_demo
        from qls.system.demo import register_step
        from qls.system.learning import demo as learning_demo
        from qls.system.meetings import demo as meetings_demo
        from qls.system.permissions import GRANTS
        from qls.system.warnings import demo as warnings_demo

        register_permissions(GRANTS)
        register_step()
        demo_sharing.register_step()
        meetings_demo.register_step()
        learning_demo.register_step()
        dashboard_demo.register_step()
        warnings_demo.register_step()
