from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntispamConfig(AppConfig):
    name = "sokhan.antispam"
    verbose_name = _("Spam defence")
    default_auto_field = "django.db.models.BigAutoField"
