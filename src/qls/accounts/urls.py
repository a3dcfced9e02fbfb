from django.contrib.auth import views as auth_views
from django.urls import path

from qls.accounts import views

app_name = "accounts"

urlpatterns = [
    # LoginView is marked login_not_required by Django itself.
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("no-role/", views.no_role, name="no_role"),
]
