from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "klynge.accounts"
    verbose_name = _("Users and audit")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from klynge.accounts.access_log import log_sign_in

        user_logged_in.connect(log_sign_in, dispatch_uid="klynge.accounts.log_sign_in")
