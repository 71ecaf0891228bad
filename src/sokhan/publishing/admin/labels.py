"""Signatories and topics, the labels a statement carries, in the admin.

Both are edited with one LabelAdmin: the names in English and Persian, each in its own
direction, and an address that may be left empty (LabelForm makes it from a name); the list
counts each label's statements and is ordered by the name in the admin's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sokhan.persian.normalise import persian_letters
from sokhan.publishing.admin.forms import _persian_if_new
from sokhan.publishing.models import Signatory, Topic
from sokhan.publishing.models.label import slug_of
from sokhan.website.adminlanguage import SearchEitherKeyboard
from sokhan.website.templatetags.sokhan_l10n import isolated, localnumber


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
        # The Persian yeh and kaf, as in a Persian statement's words (body.persian_keyboard_words).
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
    list_display = ["english_name", "persian_name", "slug", "statement_count"]
    # Either name opens it: one named only in Persian showed a lone "-" as its link.
    list_display_links = ["english_name", "persian_name"]
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

    # Each name in its own language (lang), for a screen reader's voice, and isolated
    # (<bdi>): "(Tehran)" at the end of an English name stood on the wrong side in the
    # Persian admin.
    @admin.display(description=_("name in English"), ordering="name_en", empty_value="-")
    def english_name(self, obj: Any) -> str | None:
        return isolated(obj.name_en, "en") if obj.name_en else None

    @admin.display(description=_("name in Persian"), ordering="name_fa", empty_value="-")
    def persian_name(self, obj: Any) -> str | None:
        return isolated(obj.name_fa, "fa") if obj.name_fa else None

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
