"""The "Add new comment" form, worded as on the model page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from sokhan.comments import number as numbering
from sokhan.comments.models import stored_number
from sokhan.textformat import characters
from sokhan.textformat.characters import REMOVED

_http_only = URLValidator(schemes=["http", "https"],
                          message=_("Enter a web address, such as https://example.org."))


class _Text(forms.CharField):
    """Text as typed: a line break is one character (browsers send CR LF, which counted two
    against the comment's limit, and told a length the commenter could not see)."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n").replace("\r", "\n")


# A host name and what follows, with no scheme: "example.org", "نمونه.ایران/صفحه".
_SCHEMELESS = re.compile(r"[^\W_][\w.-]*\.[^\W\d_]{2,}(?::[0-9]+)?(?:[/?#]|\Z)")


def _no_login(value: str) -> None:
    # "https://bank.example@evil.example" goes to evil.example; "mina@example.org" typed
    # here is an e-mail address, which the form promises to keep private.
    try:
        host = urlsplit(value).netloc
    except ValueError:  # "http://[::1": the address check says it is not one
        return
    if "@" in host:
        raise ValidationError(_http_only.message, code="invalid")


class _Address(forms.CharField):
    """A homepage: "example.org" is read as https://example.org, as browsers read it."""

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value)).strip()
        return f"https://{text}" if _SCHEMELESS.match(text) else text


# In the words the comment's own limit uses (Django's says "Ensure this value has at most
# 80 characters (it has 81).", and in Persian another word for "character").
_TOO_LONG = {"max_length": _("This is %(show_value)s characters long; at most "
                             "%(limit_value)s fit.")}


class _Grouped(MaxLengthValidator):
    """Django's length check, its numbers grouped in threes as people write them: "15,000
    characters", not "15000" (readers' review). The page writes them in its own digits
    (the localnumber filter: ۱۵٬۰۰۰ on a Persian page)."""

    def __call__(self, value: Any) -> None:
        try:
            super().__call__(value)
        except ValidationError as error:
            numbers = {name: f"{error.params[name]:,}" for name in ("limit_value", "show_value")}
            raise ValidationError(error.message, code=error.code,
                                  params={**error.params, **numbers}) from None


def _grouped(field: forms.Field) -> None:
    """``field``'s own length check (a CharField's max_length) grouped as above."""
    field.validators = [_Grouped(check.limit_value) if type(check) is MaxLengthValidator
                        else check for check in field.validators]


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=80, required=False,
                           error_messages=_TOO_LONG)
    email = forms.EmailField(
        label=_("E-mail"), required=False, max_length=254,
        help_text=_("The content of this field is kept private and will not be shown "
                    "publicly."),
        error_messages={**_TOO_LONG,
                        "invalid": _("Enter a valid e-mail address, like name@example.org, "
                                     "or leave the field empty.")})
    homepage = _Address(label=_("Homepage"), required=False, max_length=500,
                        validators=[_http_only, _no_login], error_messages=_TOO_LONG)
    subject = forms.CharField(label=_("Subject"), max_length=120, required=False,
                              error_messages=_TOO_LONG)
    comment = _Text(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        error_messages={"required": _("Write your comment first.")})
    # The number readers see the comment answered by (comments/number.py); its database
    # number once cleaned.
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0,
                                max_value=2**numbering.BITS - 1)

    # The one-line fields in page order: input type, and the autocomplete token that lets
    # browsers fill them in.
    ONE_LINE = (("name", "text", "nickname"), ("email", "email", "email"),
                ("homepage", "url", "url"), ("subject", "text", ""))

    def one_line_fields(self) -> list[tuple[forms.BoundField, str, str]]:
        return [(self[name], kind, autocomplete) for name, kind, autocomplete in self.ONE_LINE]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read here, not at import, so the limit follows the setting. No maxlength
        # attribute on purpose: browsers cut pasted text silently at it.
        self.fields["comment"].validators.append(_Grouped(
            settings.SOKHAN_COMMENT_MAX_LENGTH,
            message=_("The comment is %(show_value)s characters long; at most "
                      "%(limit_value)s fit. Please shorten it.")))
        for name, _kind, _autocomplete in self.ONE_LINE:
            _grouped(self.fields[name])

    def most_links(self) -> int:
        """For the form's tips: the link limit, so that nobody learns it from a refusal."""
        return settings.SOKHAN_MAX_LINKS

    def _one_line(self, name: str) -> str:
        # Names and subjects are shown inline: no direction overrides (they would reverse
        # the text around them), no control characters, no line breaks.
        text = " ".join(REMOVED.sub("", str(self.cleaned_data[name])).split())
        # Only marks that take no room (a zero-width space, an RLM): as good as empty, so
        # "Anonymous" and a subject from the comment, not a blank name or heading.
        return "" if characters.shows_nothing(text) else text

    def clean_comment(self) -> str:
        text = str(self.cleaned_data["comment"])
        # Made only of characters the format removes (controls, direction overrides),
        # spaces and marks that take no room, it would be published as an empty comment.
        if characters.shows_nothing(text):
            raise forms.ValidationError(self.fields["comment"].error_messages["required"],
                                        code="required")
        return text

    def clean_parent(self) -> int | None:
        return database_number(self.cleaned_data.get("parent"))

    def clean_name(self) -> str:
        return self._one_line("name")

    def clean_subject(self) -> str:
        return self._one_line("subject")

    def clean_homepage(self) -> str:
        return str(self.cleaned_data["homepage"]).strip()


def database_number(shown: int | None) -> int | None:
    """The database number of the comment shown as ``shown`` (a reply form's parent)."""
    return None if shown is None else stored_number(shown)
