"""Single sign-on with OpenID Connect (Microsoft Entra ID in most trusts).

mozilla-django-oidc runs the protocol; this module decides who the person
is in QLS. It is only used when OIDC_RP_CLIENT_ID is set (see settings.py and
docs/authentication.md).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from qls.accounts.models import User
from qls.accounts.roles import Role

Claims = dict[str, Any]


def claimed_email(claims: Claims) -> str:
    """The person's email: the ``email`` claim, else Entra's ``preferred_username``
    (the sign-in name, which in NHS tenants is the nhs.net address)."""
    email = claims.get("email") or claims.get("preferred_username") or ""
    return email.strip().lower()


class QLSOIDCBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        # Entra's userinfo endpoint leaves out preferred_username (and email for
        # accounts without a mailbox); the verified ID token has them.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims: Claims) -> bool:
        return bool(claimed_email(claims))

    def filter_users_by_claims(self, claims: Claims):
        email = claimed_email(claims)
        if not email:
            return User.objects.none()
        users = User.objects.filter(email__iexact=email)
        if users.exists():
            return users
        # Someone given a local account before single sign-on was switched on
        # may have their sign-in name as their user name and no email.
        return User.objects.filter(username__iexact=email)

    @transaction.atomic
    def create_user(self, claims: Claims) -> User:
        email = claimed_email(claims)
        user = User(username=self._free_username(email), email=email)
        _copy_names(user, claims)
        # They prove who they are to the identity provider, never to QLS.
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=Role.STAFF))
        _link_staff_record(user)
        return user

    def update_user(self, user: User, claims: Claims) -> User:
        changed = _copy_names(user, claims)
        if not user.email:
            user.email = claimed_email(claims)
            changed.append("email")
        if changed:
            user.save(update_fields=changed)
        if not hasattr(user, "staff_member"):
            _link_staff_record(user)
        return user

    @staticmethod
    def _free_username(email: str) -> str:
        username, n = email[:150], 1
        while User.objects.filter(username__iexact=username).exists():
            n += 1
            username = f"{email[:145]}-{n}"
        return username


def _copy_names(user: User, claims: Claims) -> list[str]:
    changed = []
    for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
        value = (claims.get(claim) or "").strip()[:150]
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    return changed


def _link_staff_record(user: User) -> None:
    """Join the account to the staff directory entry with the same email, if
    exactly one unlinked entry has it (two would be a data problem to fix, not guess)."""
    if not user.email:
        return
    # Looked up by name: organisation depends on accounts, not the other way.
    staff_member = apps.get_model("organisation", "StaffMember")
    matches = list(staff_member.objects.filter(email__iexact=user.email, user__isnull=True)[:2])
    if len(matches) == 1:
        matches[0].user = user
        matches[0].save(update_fields=["user"])


# Every page needs a signed-in user (LoginRequiredMiddleware), but these two
# are how a person signs in; settings.py points mozilla-django-oidc at them.
@method_decorator(login_not_required, name="dispatch")
class AuthenticateView(OIDCAuthenticationRequestView):
    pass


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    pass
