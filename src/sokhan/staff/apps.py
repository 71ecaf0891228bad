"""Two app configurations: the staff app itself, and Django's admin using its site."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Staff accounts: the throttled login, two-factor authentication, its templates."""

    name = "sokhan.staff"
    verbose_name = _("Staff accounts")


class StaffAdminConfig(AdminConfig):
    """Django's admin app, with Sokhan's admin site as ``admin.site``."""

    default_site = "sokhan.staff.site.StaffAdminSite"
