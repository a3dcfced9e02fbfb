from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Installed only so that ``manage.py demo`` is found; it has no models."""

    name = "qls.demo"
    label = "demo"
    verbose_name = "Demo trust"
