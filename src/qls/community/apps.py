from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "qls.community"
    label = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        from qls.accounts.roles import register_permissions
        from qls.community.permissions import GRANTS

        register_permissions(GRANTS)

        from qls.community.forum.setup import ready as forum_ready

        forum_ready()

        from qls.community.elearning.course_panel import panel as elearning_course
        from qls.community.resources.course_panel import panel as resources_course
        from qls.core.panels import register

        register("capability.course", "elearning", elearning_course)
        register("capability.course", "resources", resources_course)

        # The home page's kept sections are dropped whenever a row they show changes.
        from django.db.models.signals import post_delete, post_save

        from qls.community.views import forget

        for label in (
            "community.ForumCategory",
            "community.ForumThread",
            "community.ForumPost",
            "community.Resource",
            "community.ResourceVersion",
            "community.CelebrationEvent",
            "community.AwardCategory",
            "community.Submission",
            "community.Registration",
            "community.ProgrammeItem",
            "community.Term",
            "projects.Evidence",
            "projects.Project",
        ):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget, sender=label, dispatch_uid=f"community-home-{label}-{signal}"
                )
