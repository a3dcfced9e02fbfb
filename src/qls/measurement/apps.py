from django.apps import AppConfig


def _fail_stale_imports(now):
    # Imported when the sweep runs: the importers load DuckDB.
    from qls.measurement.importing.stale import fail_stale_imports

    return fail_stale_imports(now)


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

        from qls.measurement import receivers

        receivers.connect()

        from qls.core.jobs import register_stale_sweep

        register_stale_sweep("measurement imports", _fail_stale_imports)
