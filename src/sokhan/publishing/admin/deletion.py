"""What deleting statements says: the comments that go with them, not the rows no one made.

_delete_selected_telling_comments is the list's "Delete selected" with the count of the
comments deleted with the statements; _without leaves out of a deletion page's list the
rows an editor never made (StatementAdmin.get_deleted_objects).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from sokhan.publishing.models import Statement


def _delete_selected_telling_comments(modeladmin: admin.ModelAdmin, request: HttpRequest,
                                      queryset: QuerySet[Statement]) -> HttpResponse | None:
    """Django's "Delete selected", its confirmation told how many comments go with the
    statements, as the one-statement page tells (templates/admin/delete_confirmation.html,
    admin/publishing/statement/delete_selected_confirmation.html)."""
    response = delete_selected(modeladmin, request, queryset)
    if isinstance(response, TemplateResponse) and response.context_data is not None:
        response.context_data["comment_count"] = queryset.aggregate(
            count=Count("comments"))["count"]
    return response


def _without(nested: list[Any], prefixes: tuple[str, ...]) -> list[Any]:
    """Django's nested list of what a deletion takes (a line, then the list of what goes
    with it), without the lines that start with one of ``prefixes``, nor their lists."""
    kept: list[Any] = []
    left_out = False
    for item in nested:
        if isinstance(item, list):
            if not left_out and (inner := _without(item, prefixes)):
                kept.append(inner)
            left_out = False
        else:
            left_out = str(item).startswith(prefixes)
            if not left_out:
                kept.append(item)
    return kept
