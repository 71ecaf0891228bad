from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search page and the index that follows every statement, signatory and topic."""

    name = "sokhan.search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sokhan.search import index

        index.connect()
        post_migrate.connect(index.rebuild_for_new_keys, sender=self,
                             dispatch_uid="search-keys")
