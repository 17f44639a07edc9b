from django.contrib.auth import views as django_auth_views
from django.urls import path

from . import auth_views, otp_views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", django_auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("otp/verify/", otp_views.verify, name="otp_verify"),
    path("otp/setup/", otp_views.setup, name="otp_setup"),
]
