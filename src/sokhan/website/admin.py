"""Site settings in the admin: one row, edited in place."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from sokhan.website.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fields = ["organisation_name", "organisation_name_fa", "default_language",
              "default_comment_mode"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        # There is only ever one row: go straight to it.
        SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:website_sitesettings_change", args=[1]))
