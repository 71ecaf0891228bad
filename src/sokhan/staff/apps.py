"""App configurations: the staff app itself, Django's admin using its site, and
django-otp's TOTP plugin under a name people read."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class StaffConfig(AppConfig):
    """Staff accounts: the throttled login, two-factor authentication, its templates."""

    name = "sokhan.staff"
    verbose_name = _("Staff accounts")


class StaffAdminConfig(AdminConfig):
    """Django's admin app, with Sokhan's admin site as ``admin.site``."""

    default_site = "sokhan.staff.site.StaffAdminSite"


class AuthenticatorAppsConfig(TOTPConfig):
    """django-otp's TOTP plugin, whose admin section was headed "OTP_TOTP" (its label) in
    every language: it is where an administrator deletes a lost phone's device."""

    verbose_name = _("Two-factor authentication")

    def ready(self) -> None:
        super().ready()
        # Its model is named in English alone ("TOTP devices", not a translatable
        # string): named here in the reader's language, after what staff know it as.
        options = self.get_model("TOTPDevice")._meta
        options.verbose_name = _("authenticator app")
        options.verbose_name_plural = _("authenticator apps")
