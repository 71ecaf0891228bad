"""Site settings in the admin: one row, edited in place."""

from __future__ import annotations

from django.contrib import admin

from sokhan.website.models import SiteSettings
from sokhan.website.onerow import OneRowAdmin


@admin.register(SiteSettings)
class SiteSettingsAdmin(OneRowAdmin):
    fields = ["organisation_name", "organisation_name_fa", "default_language",
              "default_comment_mode"]
