from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qls.core"
    label = "core"
    verbose_name = "QLS core"
