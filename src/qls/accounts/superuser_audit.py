"""Every change to a user's superuser status is written down.

A superuser passes every permission check, so gaining or losing it is the
most important change an account can have. simple-history already keeps the
field in each user's history; this adds a change reason that says so in
words ("Superuser status granted") and a warning in the ``qls.security`` log,
whichever way the change was made (``createsuperuser``, the shell, a form).
Bulk ``QuerySet.update`` bypasses model signals, so nothing in QLS uses it on
users.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from qls.accounts.models import User

log = logging.getLogger("qls.security")


@receiver(pre_save, sender=User, dispatch_uid="accounts-superuser-audit")
def note_superuser_change(
    sender: Any, instance: User, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw:  # loading fixtures
        return
    if update_fields is not None and "is_superuser" not in update_fields:
        return  # a login's last_login, a role change: superuser status is not written
    before = (
        User.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()
        if instance.pk
        else None
    )
    now = bool(instance.is_superuser)
    if before is None and not now:
        return
    if before is not None and bool(before) == now:
        return
    reason = "Superuser status granted" if now else "Superuser status removed"
    setattr(instance, "_change_reason", reason)  # noqa: B010
    setattr(instance, "_qls_superuser_reason", True)  # noqa: B010
    log.warning("%s for user id %s (%s)", reason, instance.pk or "new", instance.username)


@receiver(post_save, sender=User, dispatch_uid="accounts-superuser-audit-done")
def forget_superuser_reason(sender: Any, instance: User, **kwargs: Any) -> None:
    # simple-history has written its row (its receiver was connected first);
    # the reason must not stick to the instance and label a later, unrelated save.
    if instance.__dict__.pop("_qls_superuser_reason", False):
        instance.__dict__.pop("_change_reason", None)
