from django.db import migrations


class Migration(migrations.Migration):
    """The permission holder is renamed for what it is; it has no table, so only
    the migration state and its content type change, and its permissions keep
    their codenames (core.view_audit_history and the rest)."""

    dependencies = [
        ("core", "0002_redact_text_permission"),
    ]

    operations = [
        migrations.RenameModel(old_name="Capability", new_name="AreaPermission"),
    ]
