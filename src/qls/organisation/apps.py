from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "qls.organisation"
    label = "organisation"
    verbose_name = "Organisation structure"
