from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    """The site around the statements: settings editable without a deploy, roles, errors."""

    name = "sokhan.website"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sokhan.website import roles, stafflanguage  # noqa: F401 - its signal receiver

        # Roles need the permissions, which Django creates after each app migrates.
        post_migrate.connect(roles.ensure_roles, dispatch_uid="sokhan.website.roles")
