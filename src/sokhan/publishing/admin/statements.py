"""The statements in the admin: their list, their edit form's page and their History.

StatementAdmin lists the statements (filters.py) with the publication actions
(actions.py) and a "Delete selected" that counts the comments going with them
(deletion.py); edits them with StatementForm (forms.py), locking the address of one that
has been out and linking a translation picked by its key; and restores a version from
History keeping the statement's publication, comments and translation (history.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.errors import RevertError

from sokhan.persian import dates
from sokhan.publishing import publication
from sokhan.publishing.admin.actions import PublicationActions
from sokhan.publishing.admin.autocomplete import _Autocomplete, _AutocompleteMultiple
from sokhan.publishing.admin.deletion import _delete_selected_telling_comments, _without
from sokhan.publishing.admin.filters import EffectiveStatusFilter, TopicFilter
from sokhan.publishing.admin.forms import StatementForm, _partner
from sokhan.publishing.admin.history import (
    KEPT_BY_A_RESTORE,
    _keep_as_it_stands,
    _restoring,
    _version_as_restored,
)
from sokhan.publishing.models import Statement, Status
from sokhan.search.normaliser import readings
from sokhan.website.adminlanguage import HistoryInTheReadersLanguage, SearchEitherKeyboard
from sokhan.website.comparison import CompareWithNow
from sokhan.website.datecolumn import PersianMonths, date_column
from sokhan.website.models import SiteSettings
from sokhan.website.recovery import DatedByDeletion
from sokhan.website.templatetags.sokhan_l10n import isolated, localnumber


@admin.register(Statement)
class StatementAdmin(PublicationActions, CompareWithNow, SearchEitherKeyboard,
                     HistoryInTheReadersLanguage, DatedByDeletion, PersianMonths,
                     VersionAdmin):
    form = StatementForm
    # Every field an editor sets: the translation key given since a version was in neither
    # the changes nor the unchanged (editors' review).
    compared_fields = ("title", "slug", "language", "signatory", "topics", "published_at",
                       "status", "comment_mode", "translation_key", "translated_from",
                       "summary", "body")
    compared_as_html = ("body",)
    in_own_language = ("title", "summary", "body")
    list_display = ["headline", "language", "signatory", "shown_status", "published",
                    "solar_hijri", "comments", "preview_link"]
    published = date_column(Statement, "published_at")
    list_filter = [EffectiveStatusFilter, "language", "signatory", ("topics", TopicFilter),
                   "comment_mode"]
    # The body too: an editor looks for a statement by a phrase in it.
    search_fields = ["title", "summary", "slug", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["signatory", "topics"]

    def _either_spelling(self, request: HttpRequest, asked: Any, term: str) -> tuple[Q, bool]:
        # Also through the search index's terms, as readers' search finds it: a word
        # typed without its half-space ("روزنامهنگاران") found nothing here, where the
        # site's search found it (editors' review). (Drafts have no index entry: their
        # words are found as typed.)
        found, duplicates = super()._either_spelling(request, asked, term)
        if found:  # (an empty Q() is met by everything already)
            # The terms as the index keeps them in a run (a hamza's seat read as yeh), and
            # as typed with the seat read as alef: a statement that spells it so.
            for key in filter(None, readings(term)):
                found |= (Q(search_entry__title__contains=key)
                          | Q(search_entry__summary__contains=key)
                          | Q(search_entry__body__contains=key))
        return found, duplicates

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest,
                                 **kwargs: Any) -> Any:
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = _Autocomplete(db_field, self.admin_site,
                                             using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest,
                                 **kwargs: Any) -> Any:
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = _AutocompleteMultiple(db_field, self.admin_site,
                                                     using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish_now", "make_draft"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "body"]}),
        (_("Signature and publication"),
         {"fields": ["signatory", "topics", "status", "published_at", "comment_mode"]}),
        (_("Translations"), {"fields": ["translation_key", "translated_from"],
                             "classes": ["collapse"]}),
    ]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (_delete_selected_telling_comments, name, description)
        return actions

    def revision_view(self, request: HttpRequest, object_id: str, version_id: str,
                      extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # django-reversion shows (and saves) an old version by reverting the row inside a
        # transaction it rolls back: the statement as it stands is read before that.
        try:
            live = Statement.objects.filter(pk=object_id).first()
        except (ValueError, ValidationError):  # not a number: django-reversion says 404
            live = None
        request.live_statement = live  # type: ignore[attr-defined]
        try:
            return super().revision_view(request, object_id, version_id, extra_context)
        except (IntegrityError, RevertError):
            # The version names a topic or signatory deleted since: it cannot be put back
            # as it was (the database refused it, a 500).
            self.message_user(request, _(
                "This version names a topic or signatory that has been deleted since, so "
                "it cannot be restored. Restore a later version, or edit the statement."),
                messages.ERROR)
            return HttpResponseRedirect(reverse("admin:publishing_statement_history",
                                                args=[object_id]))

    def _reversion_revisionform_view(self, request: HttpRequest, version: Any, *args: Any,
                                     **kwargs: Any) -> HttpResponse:
        live = getattr(request, "live_statement", None)
        fields = version.field_dict
        taken = Statement.objects.filter(language=fields.get("language"),
                                         slug=fields.get("slug")).exclude(
            pk=version.object_id).first()
        if live is not None:
            # Reversion writes the version's row before save_model can keep what a restore
            # keeps: its old address, another statement's since, failed the restore with
            # "missing dependency" (of a published statement too). The row it writes is
            # the version with those kept already; the address too, once out or if taken.
            _version_as_restored(version, live, address=taken is not None
                                 or publication.slug_is_locked(live))
        elif taken is not None:
            # A deleted statement whose address another has taken since: said so, where
            # reversion said "a required dependency doesn't exist".
            self.message_user(request, _(
                "This statement's address, %(address)s, is now that of another statement, "
                "“%(title)s”. Give that one another address first (if it has not been "
                "published), then recover this one.") % {
                "address": f"/{taken.language}/statements/{taken.slug}/",
                "title": taken.title}, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:publishing_statement_changelist"))
        return super()._reversion_revisionform_view(request, version, *args, **kwargs)

    @staticmethod
    def _live(request: HttpRequest, obj: Statement | None) -> Statement | None:
        """The statement as saved: on a History page ``obj`` is the old version shown."""
        if obj is None or obj.pk is None:
            return None
        kept = getattr(request, "live_statement", None)
        return kept if kept is not None else Statement.objects.filter(pk=obj.pk).first()

    def get_object(self, request: HttpRequest, object_id: str,
                   from_field: str | None = None) -> Statement | None:
        obj = super().get_object(request, object_id, from_field)
        if not _restoring(request):  # the edit form: no query more than Django's
            return obj
        live = self._live(request, obj)
        if live is not None:
            # The History page shows an old version, but a restore keeps what the statement
            # is now besides its words and labels (save_model): show that, not the
            # version's, which read "Published" for a statement withdrawn since.
            _keep_as_it_stands(obj, live)
        return obj

    def _locked(self, request: HttpRequest, obj: Statement | None) -> bool:
        live = self._live(request, obj)
        return live is not None and publication.slug_is_locked(live)

    def get_readonly_fields(self, request: HttpRequest, obj: Statement | None = None):
        if obj is None:
            return []
        # Out once: its address (language and slug) stays, or links to it break; and a
        # restore keeps its publication, so the History page does not offer to change it.
        kept = [*KEPT_BY_A_RESTORE, "published"] if _restoring(request) else []
        if not self._locked(request, obj):
            return ["solar_hijri", *kept]
        return ["language", "slug", "solar_hijri", *kept]

    def get_prepopulated_fields(self, request: HttpRequest, obj: Statement | None = None):
        if self._locked(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        site = SiteSettings.load()
        # The language the editor works in: a Persian statement begun in the Persian admin
        # was saved as English when nobody changed a choice made for the whole site.
        working = getattr(request, "LANGUAGE_CODE", "")
        language = working if working in dict(settings.LANGUAGES) else site.default_language
        return {"language": language, "comment_mode": site.default_comment_mode,
                **super().get_changeform_initial_data(request)}

    def save_model(self, request: HttpRequest, obj: Statement, form: forms.ModelForm,
                   change: bool) -> None:
        live = self._live(request, obj) if change else None
        locked = live is not None and publication.slug_is_locked(live)
        if locked:
            # An old version restored from History brings its words and labels back, not
            # its address or its place in time: restoring a version from before
            # publication withdrew the statement and moved its address.
            obj.language, obj.slug = live.language, live.slug
            obj.first_published_at = live.first_published_at
        if "/recover/" in request.path:
            # A deleted statement brought back: "keeps its comments" (said of a restore)
            # was false here, since its comments went with it (editors' review).
            self.message_user(request, _(
                "The statement is back as it was last saved. Its comments were deleted "
                "with it and do not come back."), messages.INFO)
        elif live is not None and _restoring(request):
            _keep_as_it_stands(obj, live)
            self.message_user(request, _(
                "The statement keeps its address, its publication, its comments and its "
                "translation; its words and labels are those of the version restored.")
                if locked else _(
                "The statement keeps its publication, its comments and its translation; "
                "its words and labels are those of the version restored."), messages.INFO)
        publication.settle(obj)
        # Only a key just given: one kept, by an edit or a restore, would link again a
        # statement whose key was emptied on purpose since.
        given = live is None or live.translation_key != obj.translation_key
        if given and (partner := _partner(obj)) is not None:
            # Before this one is saved: its save empties the page cache, the other's
            # page included. An UPDATE, not a save: in this Save's revision, the other
            # statement would be put back too when this version is restored.
            Statement.objects.filter(pk=partner.pk).update(translation_key=obj.translation_key)
            self.message_user(request, _(
                "“%(title)s” had no translation key and now has this one: the two "
                "statements are translations of each other.") % {"title": partner.title},
                messages.INFO)
        super().save_model(request, obj, form, change)
        if changed := getattr(form, "keyboard_letters", 0):
            self.message_user(request, ngettext(
                "%(count)s letter typed on an Arabic keyboard (ي, ى or ك) was saved "
                "as the Persian one (ی or ک). Words marked as Arabic keep theirs.",
                "%(count)s letters typed on an Arabic keyboard (ي, ى or ك) were saved "
                "as the Persian ones (ی or ک). Words marked as Arabic keep theirs.",
                changed) % {"count": localnumber(changed)}, messages.INFO)

    def get_list_display(self, request: HttpRequest) -> list[str]:
        # On Persian pages the date column is already Solar Hijri: the list is narrower
        # (its Preview links stood past the edge of a 1280 px window).
        shown = list(super().get_list_display(request))
        if getattr(request, "LANGUAGE_CODE", "") == "fa":
            shown.remove("solar_hijri")
        return shown

    @admin.display(description=_("title"), ordering="title")
    def headline(self, obj: Statement) -> str:
        # In its own direction and voice: a Persian title in the English list was read
        # with the English voice, and one ending in "?" put it at the wrong end.
        return isolated(obj.title, obj.language)

    @admin.display(description=_("comments"), ordering="comment_mode")
    def comments(self, obj: Statement) -> str:
        # The choice's first word ("Open"): the whole sentence made the list too wide.
        return str(obj.get_comment_mode_display()).split(":")[0]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A Persian statement in the English admin (or the other way round) reads in its
        # own direction.
        if db_field.name in ("title", "summary"):
            field.widget.attrs["dir"] = "auto"
        return field

    @admin.display(description=_("Solar Hijri date"), ordering="published_at")
    def solar_hijri(self, obj: Statement) -> str:
        return dates.jalali_long(timezone.localtime(obj.published_at).date())

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, ...]:
        # Not the rows an editor never made, which the delete page named in English and
        # Latin digits on a Persian page ("Statement-topic relationships: 1", "search
        # entry of statement 8"): the statement, its comments and its History are what
        # go with it. (Nor its comments' prints, which the likeness check keeps: "Prints:
        # 24", "Print: Print object (121)", a line each; editors' review.)
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        internal = [Statement.topics.through._meta,
                    Statement._meta.get_field("search_entry").related_model._meta,
                    apps.get_model("comments", "Print")._meta,
                    apps.get_model("comments", "SpamPrint")._meta]
        counts = {name: count for name, count in counts.items()
                  if name not in {str(meta.verbose_name_plural) for meta in internal}}
        prefixes = tuple(f"{capfirst(str(meta.verbose_name))}: " for meta in internal)
        return _without(deleted, prefixes), counts, perms_needed, protected

    def get_fieldsets(self, request: HttpRequest, obj: Statement | None = None):
        if obj is None:
            return self.fieldsets
        # Editors think in both calendars: the saved date in the Solar Hijri one too.
        (title, options), signature, *rest = self.fieldsets
        name, fields = signature
        shown = [*fields["fields"], "solar_hijri"]
        if _restoring(request):
            # Kept as it stands, so shown, not edited: in the admin's calendar and digits
            # ("1 دسامبر 2026، ساعت 10:30" was Django's own, on a Persian page).
            shown[shown.index("published_at")] = "published"
        return [(title, options), (name, {**fields, "fields": shown}), *rest]

    @admin.display(description=_("status"), ordering="status")
    def shown_status(self, obj: Statement) -> str:
        return Status(obj.effective_status).label

    @admin.display(description=_("page"))
    def preview_link(self, obj: Statement) -> str:
        label = _("View") if obj.is_public() else _("Preview")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)
