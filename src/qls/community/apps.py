from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "qls.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.community.permissions import GRANTS

        register_permissions(GRANTS)

        from qls.community.celebrations.demo import register_step as celebrations_demo
        from qls.community.elearning.demo import register_step as elearning_demo
        from qls.community.forum.setup import ready as forum_ready
        from qls.community.glossary.demo import register_step as glossary_demo
        from qls.community.resources.demo import register_step as resources_demo

        celebrations_demo()
        elearning_demo()
        forum_ready()
        glossary_demo()
        resources_demo()

        from qls.community.elearning.course_panel import panel as elearning_course
        from qls.community.resources.course_panel import panel as resources_course
        from qls.core.panels import register

        register("capability.course", "elearning", elearning_course)
        register("capability.course", "resources", resources_course)
