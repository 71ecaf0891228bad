"""Settings kept in one database row that staff edit in the admin, without a deploy: the
site settings, the defence level. The row is created on first use; the admin opens it
directly and offers no way to add a second one or delete it."""

from __future__ import annotations

from typing import Any, Self

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


class OneRow(models.Model):
    """An abstract model of which only the row with primary key 1 exists."""

    class Meta:
        abstract = True

    @classmethod
    def load(cls) -> Self:
        """The row, created with the defaults on first use: for editing."""
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj


class OneRowAdmin(admin.ModelAdmin):
    """The admin of a OneRow model: its list goes straight to the one row's form."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied  # before anything is written for someone who may not look
        self.model.load()
        meta = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[1]))
