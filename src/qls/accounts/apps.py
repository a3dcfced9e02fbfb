from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "qls.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from qls.accounts.roles import sync_roles_after_migrate

        # Roles are groups whose permissions come from code (roles.py), so
        # every migrate leaves them exactly as the code defines them.
        post_migrate.connect(sync_roles_after_migrate, sender=self)

        # Writes a change reason and a security log line whenever is_superuser changes.
        from qls.accounts import superuser_audit  # noqa: F401
