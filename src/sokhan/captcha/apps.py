from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaptchaConfig(AppConfig):
    """The image CAPTCHA: stateless signed challenges, used once, on cacheable pages."""

    name = "sokhan.captcha"
    verbose_name = _("CAPTCHA")
    default_auto_field = "django.db.models.BigAutoField"
