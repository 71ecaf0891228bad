"""The editors' desk: statements, signatories and topics in Django's admin."""

from __future__ import annotations

import json
from typing import Any

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_prose_editor.fields import ProseEditorFormField
from reversion.admin import VersionAdmin
from reversion.errors import RevertError

from sokhan.persian import dates
from sokhan.persian.normalise import persian_letters
from sokhan.publishing import body, publication
from sokhan.publishing.models import Signatory, Statement, Status, Topic
from sokhan.publishing.models.label import slug_of
from sokhan.search.normaliser import readings
from sokhan.website import typeddates
from sokhan.website.adminlanguage import HistoryInTheReadersLanguage, SearchEitherKeyboard
from sokhan.website.comparison import SEPARATOR, CompareWithNow
from sokhan.website.datecolumn import PersianMonths, date_column
from sokhan.website.historyentry import event
from sokhan.website.models import SiteSettings
from sokhan.website.recovery import DatedByDeletion
from sokhan.website.templatetags.sokhan_l10n import localnumber

# What the editor's toolbar offers; body.clean() is the server-side allow-list. Heading 1
# is offered so that a pasted one stays a heading (the body's headings start at h2, and
# clean() makes it one); languages are kept as classes the editor knows (body.for_editor).
EDITOR_EXTENSIONS: dict[str, Any] = {
    "Bold": True, "Italic": True, "Underline": True, "Strike": True,
    "Subscript": True, "Superscript": True,
    "Heading": {"levels": [1, 2, 3, 4]},
    "BulletList": True, "OrderedList": True, "ListItem": True,
    "Blockquote": True, "HorizontalRule": True, "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True, "TableRow": True, "TableHeader": True, "TableCell": True,
    "TextClass": {"cssClasses": [{"className": "lang-fa", "title": "فارسی (Persian)"},
                                 {"className": "lang-en", "title": "English (انگلیسی)"},
                                 {"className": "lang-ar", "title": "العربية (Arabic)"}]},
    "History": True, "HTML": True, "Typographic": True,
}


# body.editor_would_lose()'s words, for the editor's language.
_FEATURES = {"figures": _("figures"), "code": _("code"), "abbreviations": _("abbreviations"),
             "citations": _("citations"), "quotations": _("quotations"),
             "language or direction marks": _("language or direction marks"),
             "table header scopes": _("table header scopes"),
             "reversed lists": _("reversed lists"), "quotation sources": _("quotation sources")}


def _sanitize(html: str) -> str:
    return body.clean(body.from_editor(html))


class KeysOffered(forms.TextInput):
    """The translation key, with the keys other statements have as suggestions (a
    datalist: no script): typing a few words of the other statement's title offers its
    key, where it had to be typed again letter for letter. ``offered``: (key, label)."""

    def __init__(self, offered: list[tuple[str, str]], attrs: dict[str, Any] | None = None):
        super().__init__({**(attrs or {}), "list": "translation-keys"})
        self.offered = offered

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> str:
        options = format_html_join("", '<option value="{}">{}</option>', self.offered)
        return format_html('{}<datalist id="translation-keys">{}</datalist>',
                           super().render(name, value, attrs, renderer), options)


# Enough for any archive's suggestions: the newest first.
MOST_KEYS_OFFERED = 2000
# Statements with no key yet, newest first: a translation is made soon after its original,
# and each suggestion is a title in every statement form (2,000 of them added 200 kB).
MOST_KEYLESS_OFFERED = 200


def _keys_offered(instance: Statement) -> list[tuple[str, str]]:
    """Each translation key in use, with the titles (and languages) of its statements;
    then each statement with no key yet, offered by its address: saved with it, this
    statement gives it that key too (:func:`_partner`)."""
    labels: dict[str, list[str]] = {}
    rows = (Statement.objects.exclude(translation_key="").exclude(pk=instance.pk)
            .order_by("-published_at").values_list("translation_key", "title", "language"))
    for key, title, language in rows[:MOST_KEYS_OFFERED]:
        labels.setdefault(key, []).append(f"{title} ({language})")
    offered = [(key, " · ".join(titles)) for key, titles in labels.items()]
    keyless = (Statement.objects.filter(translation_key="").exclude(pk=instance.pk)
               .order_by("-published_at").values_list("slug", "title", "language"))
    for slug, title, language in keyless[:MOST_KEYLESS_OFFERED]:
        if slug not in labels and len(slug) <= Statement.translation_key.field.max_length:
            offered.append((slug, _("%(title)s (%(language)s), no key yet: saving gives it "
                                    "this one") % {"title": title, "language": language}))
    return offered


def _partner(statement: Statement) -> Statement | None:
    """The one statement in another language that has no key, and whose address is the
    key ``statement`` was just given, when no statement has that key yet: the statement
    the editor picked from the suggestions of :func:`_keys_offered`. The original of a
    translation was given a key of its own first, then the translation the same: two
    forms, and one slip in either left the two unlinked (editors' review)."""
    key = statement.translation_key
    if not key or Statement.objects.filter(translation_key=key).exclude(
            pk=statement.pk).exists():
        return None
    found = list(Statement.objects.filter(translation_key="", slug=key)
                 .exclude(language=statement.language).exclude(pk=statement.pk)[:2])
    return found[0] if len(found) == 1 else None


class StatementForm(forms.ModelForm):
    body = ProseEditorFormField(label=_("Body"), config={"extensions": EDITOR_EXTENSIONS},
                                sanitize=_sanitize)

    class Meta:
        model = Statement
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if (moment := self.fields.get("published_at")) is not None:
            typeddates.read_as_typed(moment)
        self._offer_the_body()
        if (key := self.fields.get("translation_key")) is not None:
            key.widget = KeysOffered(_keys_offered(self.instance),
                                     {"maxlength": key.max_length, "class": "vTextField"})
        if "language" not in self.fields and (text := self.fields.get("body")) is not None:
            # Its language shown, not chosen (a published statement's, a version's in
            # History): the editor reads it here to write in that language's direction.
            text.widget.attrs["data-language"] = self.instance.language
        if self.instance.pk is not None:
            # A scheduled statement whose time has come is out: shown (and saved) as
            # published, so an edit made after that time is not refused as "scheduled in
            # the past". Stored, the status changes only when the statement is saved.
            self.initial["status"] = self.instance.effective_status

    def _check_address(self, data: dict[str, Any]) -> None:
        """Said at the address field, which a published statement's form no longer has
        (its address is locked then)."""
        slug = data.get("slug")
        if "slug" not in self.fields or not slug:
            return
        language = data.get("language") or self.instance.language
        if not any(character.isalnum() for character in slug):
            self.add_error("slug", _("The address needs at least one letter or digit."))
        elif Statement.objects.filter(language=language, slug=slug).exclude(
                pk=self.instance.pk).exists():
            # (The constraint's own error stands above the whole form.)
            self.add_error("slug", _("Another statement in this language has this address."))

    def _offer_the_body(self) -> None:
        """The body in the visual editor, unless it holds what that editor would drop
        unseen at the first save (an imported figure, say): then its HTML, in a plain
        field, cleaned the same way when saved."""
        stored = self.instance.body if self.instance.pk is not None else ""
        lost = body.editor_would_lose(stored)
        if not lost:
            self.initial["body"] = body.for_editor(stored) if stored else self.initial.get(
                "body", "")
            return
        field = self.fields["body"]
        field.widget = forms.Textarea(attrs={"rows": 30, "cols": 100, "dir": "auto",
                                             "spellcheck": "true"})
        # (Joined in the admin's language: a Latin comma stood between Persian words.)
        field.help_text = _("This statement holds what the visual editor cannot keep "
                            "(%(what)s), so its HTML is shown here instead; it is cleaned "
                            "as always when saved.") % {"what": str(SEPARATOR).join(
                                str(_FEATURES.get(feature, feature)) for feature in lost)}

    def clean_slug(self) -> str:
        # With the Persian yeh and kaf: a title typed from an Arabic keyboard made an
        # address that readers typing from a Persian one could not reach.
        return _persian_if_new(self.instance, self.cleaned_data.get("slug") or "")

    def clean_body(self) -> str:
        cleaned = self.cleaned_data["body"]
        if not body.plain_text(cleaned):
            raise forms.ValidationError(_("The body is empty."))
        return cleaned

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_address(data)
        if (data.get("language") or self.instance.language) == "fa":
            self.keyboard_letters = _persian_keyboard(data)
        when = data.get("published_at")
        if data.get("status") == Status.SCHEDULED and when and when <= timezone.now():
            self.add_error("published_at", _("A scheduled statement needs a publication "
                                              "time in the future."))
        # A month mistyped on a statement that is out took it off the site until then:
        # "Published" with a future time is scheduling, which a new statement means and
        # one readers have does not. (Saved as it stands: the form's values are not in it.)
        if (data.get("status") == Status.PUBLISHED and when and when > timezone.now()
                and self.instance.pk is not None and self.instance.is_public()):
            self.add_error("published_at", _(
                "This statement is published: a publication time in the future would take "
                "it off the site until then. Choose a time that has passed, or choose "
                "Scheduled if that is what you mean."))
        return data


def _persian_keyboard(data: dict[str, Any]) -> int:
    """A Persian statement's words with the Persian yeh and kaf where an Arabic keyboard
    typed its own (publishing/body.py); how many letters changed."""
    changed = 0
    for name in ("title", "summary"):
        if typed := data.get(name):
            data[name] = persian_letters(typed)
            changed += sum(a != b for a, b in zip(typed, data[name], strict=True))
    if typed := data.get("body"):
        data["body"], count = body.persian_keyboard(typed)
        changed += count
    return changed


def _persian_if_new(instance: Any, slug: str) -> str:
    """An address typed (or made from a name) with the Persian yeh and kaf. Not one saved
    before and left as it was: a topic whose address an older site made with the Arabic
    letters moved at the next save of its name, and its shared links and feeds broke."""
    if instance.pk is not None and slug == instance.slug:
        return slug
    return persian_letters(slug)


class LabelForm(forms.ModelForm):
    """The address may be left empty: it is then made from the English name, or from the
    Persian one when there is none (Django's prepopulating joins every name it is given:
    "students-committee-of-the-civic-assembly-کمیته-دانشجویی-مجمع-مدنی")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if (slug := self.fields.get("slug")) is not None:
            slug.required = False

    def clean_slug(self) -> str:
        return _persian_if_new(self.instance, self.cleaned_data.get("slug") or "")

    def clean_name_fa(self) -> str:
        # The Persian yeh and kaf, as in a Persian statement's words (_persian_keyboard).
        return persian_letters(self.cleaned_data.get("name_fa") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "slug" in self.fields and not data.get("slug"):
            made = persian_letters(slug_of(data.get("name_en") or data.get("name_fa") or ""))[:100]
            if made:
                data["slug"] = made
            else:
                self.add_error("slug", _("Give an address: none could be made from the "
                                         "names."))
        return data


class LabelAdmin(SearchEitherKeyboard, admin.ModelAdmin):
    form = LabelForm
    # The names first (the cursor in the first), the address last: it may be left empty.
    fields = ["name_en", "name_fa", "slug"]
    list_display = ["name_en", "name_fa", "slug", "statement_count"]
    # Either name opens it: one named only in Persian showed a lone "-" as its link.
    list_display_links = ["name_en", "name_fa"]
    search_fields = ["name_en", "name_fa", "slug"]
    # From the English name as it is typed; from the Persian one on saving, when there
    # is no English name (LabelForm).
    prepopulated_fields = {"slug": ["name_en"]}

    def get_ordering(self, request: HttpRequest) -> list[str]:
        # By the name in the admin's language (then the other): not by English names only.
        first = "name_fa" if getattr(request, "LANGUAGE_CODE", "") == "fa" else "name_en"
        return [first, "name_fa" if first == "name_en" else "name_en", "slug"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).annotate(counted=Count("statements"))

    @admin.display(description=_("statements"), ordering="counted")
    def statement_count(self, obj: Any) -> str:
        return localnumber(obj.counted)  # in the page's digits, as the totals below

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Each name in its own language's direction, whichever the admin's.
        if db_field.name in ("name_en", "name_fa"):
            language = db_field.name[-2:]
            field.widget.attrs.update(lang=language, dir="rtl" if language == "fa" else "ltr")
        return field


admin.site.register(Signatory, LabelAdmin)
admin.site.register(Topic, LabelAdmin)


class TopicFilter(admin.RelatedFieldListFilter):
    """By topic, statements with none named as such: the admin's "-" said nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("No topic")


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


class EffectiveStatusFilter(admin.SimpleListFilter):
    """By status as the list's column shows it: a scheduled statement whose time has come
    counts as published, though its stored status changes only when it is saved."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in Status]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Statement]
                 ) -> QuerySet[Statement]:
        match self.value():
            case Status.DRAFT:
                return queryset.filter(status=Status.DRAFT)
            case Status.SCHEDULED:
                return queryset.scheduled()
            case Status.PUBLISHED:
                return queryset.public()
        return queryset


class _KnownOnly:
    """Django's autocomplete widgets look up what was sent to show it again with the form's
    errors, and a value that is no key at all ("abc", which only a crafted post sends) made
    that lookup raise: a 500 instead of the form's own "Select a valid choice"."""

    field: Any

    def optgroups(self, name: str, value: list[str], attr: Any = None) -> Any:
        key = self.field.remote_field.model._meta.pk
        known = []
        for one in value:
            try:
                number = key.to_python(one)
            except ValidationError:
                continue
            if isinstance(number, int) and -(2**63) <= number < 2**63:  # what a key can be
                known.append(one)
        return super().optgroups(name, known, attr)  # type: ignore[misc]


class _Autocomplete(_KnownOnly, AutocompleteSelect):
    pass


class _AutocompleteMultiple(_KnownOnly, AutocompleteSelectMultiple):
    pass


# What a version restored from History leaves as it stands: whether and when it is out
# (a version of a draft withdrawn before its time was "scheduled" in the past, and
# restoring it published the draft at once), whether it takes comments (closed, they were
# opened again), and its translation (the key went blank, and both pages lost their link).
KEPT_BY_A_RESTORE = ("status", "published_at", "comment_mode", "translation_key",
                     "translated_from")
# And whether it was ever out, not a field of the form: a version scheduled for a time now
# past made a draft never published "withdrawn", its address locked.
_KEPT = (*KEPT_BY_A_RESTORE, "first_published_at")


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


def _version_as_restored(version: Any, live: Statement, *, address: bool) -> None:
    """``version`` (in memory only) with what a restore keeps of ``live``, and with its
    address if ``address``: the row django-reversion writes when it is opened or saved."""
    kept = [*_KEPT, *(("language", "slug") if address else ())]
    now = json.loads(serializers.serialize("json", [live], fields=kept))[0]["fields"]
    data = json.loads(version.serialized_data)
    data[0]["fields"].update(now)
    version.serialized_data = json.dumps(data)
    for cached in ("_object_version", "_local_field_dict", "field_dict"):
        version.__dict__.pop(cached, None)


def _keep_as_it_stands(restored: Statement, live: Statement) -> None:
    for field in _KEPT:
        setattr(restored, field, getattr(live, field))


def _restoring(request: HttpRequest) -> bool:
    """Saving a version from the History page (django-reversion's revision and recover
    views), not the edit form."""
    return "/history/" in request.path or "/recover/" in request.path


@admin.register(Statement)
class StatementAdmin(CompareWithNow, SearchEitherKeyboard, HistoryInTheReadersLanguage,
                     DatedByDeletion, PersianMonths, VersionAdmin):
    form = StatementForm
    compared_fields = ("title", "slug", "language", "signatory", "topics", "published_at",
                       "status", "comment_mode", "summary", "body")
    compared_as_html = ("body",)
    in_own_language = ("title", "summary", "body")
    list_display = ["title", "language", "signatory", "shown_status", "published",
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
        if live is not None and _restoring(request):
            _keep_as_it_stands(obj, live)
            self.message_user(request, _(
                "The statement keeps its address, its publication, its comments and its "
                "translation; its words and labels are those of the version restored.")
                if locked else _(
                "The statement keeps its publication, its comments and its translation; "
                "its words and labels are those of the version restored."), messages.INFO)
        publication.settle(obj)
        if (partner := _partner(obj)) is not None:
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
        # go with it.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        internal = [Statement.topics.through._meta,
                    Statement._meta.get_field("search_entry").related_model._meta]
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

    @admin.action(description=_("Publish the selected statements now, dated now"),
                  permissions=["change"])
    def publish_now(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        now = timezone.now()
        count = 0
        for statement in queryset.exclude(status=Status.PUBLISHED, published_at__lte=now):
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(event("published"))
                statement.status = Status.PUBLISHED
                # Out for the first time: dated now, not when its draft was begun (it
                # would stand below newer statements, and feeds would date it back).
                statement.published_at = (min(statement.published_at, now)
                                          if statement.first_published_at else now)
                publication.settle(statement, now)
                statement.save()
            count += 1
        # Said, since the date is the one under the signature: an editor who typed one
        # (the day the statement was issued) must learn that it was replaced.
        self.message_user(request, localnumber(ngettext(
            "%d statement published, dated now. To publish with the date a statement "
            "has, set its status to Published on its own page.",
            "%d statements published, dated now. To publish with the date a statement "
            "has, set its status to Published on its own page.", count) % count),
            messages.SUCCESS)

    @admin.action(description=_("Withdraw the selected statements to drafts"),
                  permissions=["change"])
    def make_draft(self, request: HttpRequest, queryset: QuerySet[Statement]) -> None:
        count = 0
        for statement in queryset.exclude(status=Status.DRAFT):
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(event("withdrawn"))
                statement.status = Status.DRAFT
                publication.settle(statement)
                statement.save()
            count += 1
        self.message_user(request, localnumber(ngettext("%d statement withdrawn.",
                                            "%d statements withdrawn.", count) % count),
                          messages.SUCCESS)
