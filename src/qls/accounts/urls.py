from django.contrib.auth import views as auth_views
from django.urls import path

from qls.accounts import views
from qls.accounts.views import administration, audit

app_name = "accounts"

urlpatterns = [
    # LoginView is marked login_not_required by Django itself.
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("no-role/", views.no_role, name="no_role"),
]

# The administration area is mounted at /administration/ under its own
# namespace (administration:...) so the header can tell when one of its pages
# is the current one.
administration_patterns = (
    [
        path("", administration.index, name="index"),
        path("users/", administration.users, name="users"),
        path("users/<id:pk>/roles/", administration.user_roles, name="user_roles"),
        path("audit/", audit.audit_history, name="audit"),
        path(
            "audit/<slug:app_label>/<slug:model>/<str:pk>/",
            audit.audit_record,
            name="audit_record",
        ),
    ],
    "administration",
)
