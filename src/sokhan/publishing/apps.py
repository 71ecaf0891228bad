from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Statements, their signatories and topics: pages, feeds, sitemaps, import and export."""

    name = "sokhan.publishing"
    verbose_name = _("Publishing")
    default_auto_field = "django.db.models.BigAutoField"
