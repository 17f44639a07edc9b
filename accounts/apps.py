from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("用户与机构")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import remember_session_version

        user_logged_in.connect(remember_session_version, dispatch_uid="xuncha_session_version")
