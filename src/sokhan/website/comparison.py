"""The History's "Compare with now": a saved version beside the present one, word by word.

django-reversion keeps every saved version and lets one be reverted to, but shows none of
them beside another: an editor asked "what did the board change in this statement since
Tuesday?" had to open two versions and read them side by side. Each History entry now
links to a page that marks, field by field, the words removed since that version and the
words added (difference.py), with a statement's body compared paragraph by paragraph.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from reversion.errors import RevertError
from reversion.models import Version

from sokhan.publishing import body
from sokhan.website import difference
from sokhan.website.templatetags.sokhan_l10n import localnumber, longdatetime

# Between the items of a list: the Persian comma in Persian.
SEPARATOR = pgettext_lazy("between the items of a list", ", ")


class CompareWithNow:
    """For a VersionAdmin: ``compared_fields`` are shown on the comparison page, those in
    ``compared_as_html`` (a body written in the visual editor) by paragraph."""

    compared_fields: tuple[str, ...] = ()
    compared_as_html: tuple[str, ...] = ()
    # Written in the object's own language (its ``language`` field): marked with it, so
    # that a screen reader reads a Persian body with a Persian voice in the English admin.
    in_own_language: tuple[str, ...] = ()

    def get_urls(self) -> list[Any]:
        opts = self.model._meta  # type: ignore[attr-defined]
        view = self.admin_site.admin_view(self.compare_view)  # type: ignore[attr-defined]
        # Before django-reversion's and the admin's own, whose patterns would take it.
        return [path("<path:object_id>/history/<int:version_id>/compare/", view,
                     name=f"{opts.app_label}_{opts.model_name}_compare"),
                *super().get_urls()]  # type: ignore[misc]

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict | None = None) -> HttpResponse:
        # The newest version is the object as it is: nothing to compare it with.
        newest = Version.objects.get_for_object_reference(
            self.model, unquote(object_id)).order_by("-pk").values_list(  # type: ignore[attr-defined]
            "revision_id", flat=True).first()
        return super().history_view(  # type: ignore[misc]
            request, object_id, {**(extra_context or {}), "comparable": True,
                                 "newest_revision": newest})

    def compare_view(self, request: HttpRequest, object_id: str,
                     version_id: int) -> HttpResponse:
        if not self.has_view_or_change_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        opts = obj._meta
        try:
            then = version.field_dict
        except RevertError:  # saved by a version of Sokhan whose fields were other
            messages.error(request, _("This version can no longer be read, so it cannot "
                                      "be compared."))
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_history", obj.pk)
        rows = [self._compared(field, then, obj) for field in
                (opts.get_field(name) for name in self.compared_fields)]
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": _("Changes since %(moment)s") % {
                "moment": longdatetime(version.revision.date_created)},
            "subtitle": str(obj), "object": obj, "opts": opts, "version": version,
            "changed": [row for row in rows if row["changed"]],
            "unchanged": str(SEPARATOR).join(str(row["label"]) for row in rows
                                             if not row["changed"]),
        }
        return TemplateResponse(request, "admin/compare.html", context)

    def _compared(self, field: Any, then: dict[str, Any], obj: models.Model) -> dict:
        lang = getattr(obj, "language", "") if field.name in self.in_own_language else ""
        then_value, now_value = then.get(field.attname), _now(field, obj)
        if field.many_to_many:  # topics: each one kept, removed or added
            shown = [_members(field, then_value or [], now_value)]
        else:
            old, new = _shown(field, then_value), _shown(field, now_value)
            if field.name in self.compared_as_html:
                shown = difference.paragraphs(body.paragraphs(old), body.paragraphs(new))
            elif isinstance(field, models.CharField | models.TextField) and not field.choices:
                shown = [difference.words(old, new)]
            else:  # a name, a choice, a date: replaced whole
                shown = [difference.whole(old, new)]
        return {"label": capfirst(field.verbose_name), "paragraphs": shown, "lang": lang,
                "changed": any(difference.changed(pieces) for pieces in shown)}


def _members(field: Any, then: list[Any], now: list[Any]) -> list[difference.Piece]:
    """The related objects of a many-to-many field, in name order, each kept, removed or
    added: "Press freedom, Political prisoners (removed)", not the whole list replaced."""
    names = _names(field, [*then, *now])
    kinds = {pk: "same" if pk in then and pk in now else "gone" if pk in then else "new"
             for pk in {*then, *now}}
    pieces: list[difference.Piece] = []
    for pk in sorted(kinds, key=lambda pk: names[pk]):
        if pieces:
            pieces.append(difference.Piece("same", str(SEPARATOR)))
        pieces.append(difference.Piece(kinds[pk], names[pk]))  # type: ignore[arg-type]
    return pieces


def _names(field: Any, pks: list[Any]) -> dict[Any, str]:
    """Related objects' names, or their numbers if they have been deleted since."""
    pks = [pk for pk in pks if pk is not None]
    names = {related.pk: str(related) for related in
             field.related_model._default_manager.filter(pk__in=pks)}
    return {pk: names.get(pk, f"#{localnumber(pk)}") for pk in pks}


def _now(field: Any, obj: models.Model) -> Any:
    if field.many_to_many:
        return list(getattr(obj, field.name).values_list("pk", flat=True))
    return getattr(obj, field.attname)


def _shown(field: Any, value: Any) -> str:
    """A stored value as the admin's reader reads it: a choice's label, a related object's
    name (or its number, if it has been deleted since), a date in their calendar."""
    if field.is_relation:  # a foreign key (many-to-many fields are _members')
        return _names(field, [value]).get(value, "")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or ""))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return longdatetime(value)
    return "" if value is None else str(value)

