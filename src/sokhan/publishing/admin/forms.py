"""The statement's edit form, with its body editor and its translation keys' suggestions.

StatementForm offers the body in the visual editor (EDITOR_EXTENSIONS; body.clean() cleans
it when saved), or as HTML when that editor would lose some of it; suggests the translation
keys other statements have (KeysOffered, _keys_offered), and _partner finds the keyless
statement a suggestion named, which StatementAdmin links when saving; and checks the
address, the status and the publication time. A Persian statement's words get the Persian
yeh and kaf (body.persian_keyboard_words), and so does a new address (_persian_if_new, which the
labels' form shares).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField

from sokhan.persian.normalise import persian_letters
from sokhan.publishing import body
from sokhan.publishing.models import Statement, Status
from sokhan.website import typeddates
from sokhan.website.comparison import SEPARATOR

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
    # Not by an address that is some statement's key, offered above or not (past the
    # newest 2,000): saved with it, this statement would join that family instead.
    keys = Statement.objects.exclude(translation_key="").values("translation_key")
    keyless = (Statement.objects.filter(translation_key="").exclude(pk=instance.pk)
               .exclude(slug__in=keys)
               .order_by("-published_at").values_list("slug", "title", "language"))
    for slug, title, language in keyless[:MOST_KEYLESS_OFFERED]:
        if len(slug) <= Statement.translation_key.field.max_length:
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
            # Its words in its own language (lang), whichever the admin's: a screen reader
            # speaks a Persian title with its Persian voice in the English admin, and the
            # browser checks its spelling in Persian. (admineditor.js follows a change of
            # the language field, and a new statement's choice.)
            for name in ("title", "summary", "body"):
                if (field := self.fields.get(name)) is not None:
                    field.widget.attrs["lang"] = self.instance.language
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
            self.keyboard_letters = body.persian_keyboard_words(data)
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


def _persian_if_new(instance: Any, slug: str) -> str:
    """An address typed (or made from a name) with the Persian yeh and kaf. Not one saved
    before and left as it was: a topic whose address an older site made with the Arabic
    letters moved at the next save of its name, and its shared links and feeds broke."""
    if instance.pk is not None and slug == instance.slug:
        return slug
    return persian_letters(slug)
