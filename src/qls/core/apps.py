from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qls.core"
    label = "core"
    verbose_name = "QLS core"

    def ready(self) -> None:
        from django.urls import register_converter

        from qls.core.ids import IdConverter

        # <id:pk> in every app's URLs: a number too big for the database is a 404.
        register_converter(IdConverter, "id")
