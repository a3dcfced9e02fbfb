from django.apps import AppConfig


class MeasurementConfig(AppConfig):
    name = "qls.measurement"
    label = "measurement"
    verbose_name = "Quality data (the Quality Learning System)"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.measurement.permissions import GRANTS

        register_permissions(GRANTS)

        from qls.measurement.work import register_sections

        register_sections()

        from qls.measurement import signals

        signals.connect()

        from qls.measurement.demo import STEP
        from qls.organisation import demo

        demo.register(STEP)
