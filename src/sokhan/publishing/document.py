"""Statement documents: Markdown or HTML with YAML front matter, as static-site generators use.

    ---
    title: "Statement on …"
    language: en
    date: 2023-09-03 18:30
    signatory: "Political-Executive Board"      # or {slug: …, en: …, fa: …}
    topics: ["Press freedom"]                    # each a name or {slug: …, en: …, fa: …}
    slug: optional-address                       # default: from the title
    summary: "Optional."
    status: published                            # draft | scheduled | published (default)
    comments: open                               # open | closed | hidden (default: site's)
    translation_key: optional                    # shared by translations of each other
    translated_from: fa                          # a translation: the original's language
    ---
    The body, in Markdown (.md) or HTML (.html).

:func:`parse` reads one document and either returns a :class:`StatementSource` or raises a
:class:`DocumentError` that names the field and what is wrong with it; :func:`render` writes
a source back so that parse(render(s)) == s. Pure: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar

import yaml

from sokhan.persian import dates
from sokhan.publishing import body as body_html
from sokhan.publishing import years

T = TypeVar("T")
STATUSES = ("draft", "scheduled", "published")
COMMENT_MODES = ("open", "closed", "hidden")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES
# What the site's addresses accept (the URL converter and SlugField's validator): a slug
# that does not match makes a statement or label whose address cannot be built, and then
# every page that lists it fails.
_SLUG = re.compile(r"[-\w]+")
_KNOWN_FIELDS = {"title", "language", "date", "signatory", "topics", "slug", "summary",
                 "status", "comments", "translation_key", "translated_from"}


class DocumentError(ValueError):
    """A document Sokhan will not import, with the field at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"field '{self.field}': {self.message}" if self.field else self.message


@dataclass(frozen=True)
class LabelRef:
    """A signatory or topic as a document names it: a slug, names per language, or both."""

    slug: str = ""
    names: tuple[tuple[str, str], ...] = ()

    def name(self, language: str) -> str:
        return dict(self.names).get(language, "")


@dataclass(frozen=True)
class StatementSource:
    title: str
    language: str
    published_at: datetime
    signatory: LabelRef
    body: str
    topics: tuple[LabelRef, ...] = ()
    slug: str = ""
    summary: str = ""
    status: str = "published"
    comments: str = ""
    translation_key: str = ""
    translated_from: str = ""
    unknown_fields: tuple[str, ...] = field(default=(), compare=False)


class _Loader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates are parsed here, with messages we control."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split(text: str) -> tuple[str, str]:
    """Front matter and body. The document must open with a line of three dashes."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise DocumentError("the file does not start with front matter between '---' lines")
    for index, line in enumerate(lines[1:], start=1):
        # Only a line that *starts* with the dashes closes: YAML continues a long value on
        # indented lines, and one of those may be "  ---" (render() folds at 100 columns).
        if line.rstrip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1:])
    raise DocumentError("the front matter has no closing '---' line")


def parse(text: str, *, suffix: str, languages: Collection[str], tz: tzinfo) -> StatementSource:
    front, rest = split(text)
    try:
        data = yaml.load(front, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise DocumentError(f"the front matter is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise DocumentError("the front matter must be a list of 'field: value' lines")
    # Every field is read, and every mistake told at once: one run, not one per mistake.
    errors: list[DocumentError] = []

    def read(reader: Callable[[], T], otherwise: T) -> T:
        try:
            return reader()
        except DocumentError as error:
            errors.append(error)
            return otherwise

    language = read(lambda: _choice(data, "language", languages, required=True), "")
    named_in = language or next(iter(languages), "en")
    source = StatementSource(
        title=read(lambda: _text(data, "title", required=True, max_length=300), ""),
        language=language,
        published_at=read(lambda: _date(data, tz), datetime.min),
        signatory=read(lambda: _label(data.get("signatory"), "signatory", named_in,
                                      languages, required=True), LabelRef()),
        body=read(lambda: _body(rest, suffix), ""),
        topics=read(lambda: _topics(data.get("topics"), named_in, languages), ()),
        slug=read(lambda: _slug(_text(data, "slug", max_length=200), "slug"), ""),
        summary=read(lambda: _text(data, "summary"), ""),
        status=read(lambda: _choice(data, "status", STATUSES), "") or "published",
        comments=read(lambda: _choice(data, "comments", COMMENT_MODES), ""),
        translation_key=read(lambda: _text(data, "translation_key", max_length=100), ""),
        translated_from=read(lambda: _translated_from(data, language, languages), ""),
        unknown_fields=tuple(sorted(str(k) for k in data if k not in _KNOWN_FIELDS)),
    )
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise DocumentError("; ".join(str(error) for error in errors))
    return source


def _translated_from(data: dict[Any, Any], language: str, languages: Collection[str]) -> str:
    original = _choice(data, "translated_from", languages)
    if original and original == language:
        raise DocumentError("a statement cannot be translated from its own language; leave "
                            "the field out for an original", "translated_from")
    return original


def _body(text: str, suffix: str) -> str:
    suffix = suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        html = body_html.from_markdown(text)
    elif suffix in HTML_SUFFIXES:
        html = body_html.clean(text)
    else:
        raise DocumentError(f"files ending in '{suffix}' are not read; use "
                            + ", ".join(SUFFIXES))
    if not body_html.plain_text(html):
        raise DocumentError("the body after the front matter is empty", "body")
    return html


def _text(data: dict[Any, Any], name: str, *, required: bool = False,
          max_length: int = 0) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise DocumentError("is missing; it is required", name)
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise DocumentError("must be a piece of text", name)
    text = str(value).strip()
    if max_length and len(text) > max_length:
        raise DocumentError(f"is {len(text)} characters long; at most {max_length} fit", name)
    return text


def _slug(value: str, name: str) -> str:
    if value and not _SLUG.fullmatch(value):
        raise DocumentError(f"slug '{value}' may hold only letters, digits, hyphens and "
                            "underscores", name)
    return value


def _choice(data: dict[Any, Any], name: str, allowed: Collection[str], *,
            required: bool = False) -> str:
    if isinstance(data.get(name), bool):  # YAML reads yes, no, on, off as true or false
        raise DocumentError(f"write one of: {', '.join(allowed)} (YAML reads yes, no, on "
                            "and off as true or false)", name)
    value = _text(data, name, required=required)
    if value and value not in allowed:
        raise DocumentError(f"'{value}' is not one of: {', '.join(allowed)}", name)
    return value


_SOLAR_HIJRI = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[ T])")


def _date(data: dict[Any, Any], tz: tzinfo) -> datetime:
    typed = _text(data, "date", required=True)
    # As the admin reads a date: Persian digits, and a year of 1300–1499 is Solar Hijri.
    text = dates.latin_digits(typed)
    if (day := _SOLAR_HIJRI.match(text)) and int(day[1]) in dates.SOLAR_HIJRI_YEARS:
        try:
            gregorian = dates.gregorian(*(int(part) for part in day.groups()))
        except ValueError:
            raise DocumentError(f"'{typed}' is not a day of the Solar Hijri calendar",
                                "date") from None
        text = gregorian.isoformat() + text[day.end():]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise DocumentError(f"'{typed}' is not a date; write it as YYYY-MM-DD or "
                            "YYYY-MM-DD HH:MM (a Solar Hijri year, 1300–1499, is read as "
                            "one)", "date") from None
    if isinstance(parsed, datetime) and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    elif not isinstance(parsed, datetime) and isinstance(parsed, date):  # pragma: no cover
        parsed = datetime(parsed.year, parsed.month, parsed.day, tzinfo=tz)
    if not years.datable_moment(parsed, tz):
        raise DocumentError(f"'{text}' is outside the dates the archive has pages for, "
                            f"{years.first_dated()} to {years.last_dated()}", "date")
    return parsed


def _label(value: Any, name: str, language: str, languages: Collection[str], *,
           required: bool = False) -> LabelRef:
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return _fits(LabelRef(names=((language, str(value).strip()),)), name)
    if isinstance(value, dict):
        slug = _slug(str(value.get("slug") or "").strip(), name)
        # A name in a language the site does not have would be dropped without a word.
        for key in value:
            if key != "slug" and str(key) not in languages:
                raise DocumentError(f"'{key}' is neither 'slug' nor a language of this site "
                                    f"({', '.join(languages)})", name)
        names = tuple(sorted((str(k), str(v).strip()) for k, v in value.items()
                             if k != "slug" and v is not None and str(v).strip()))
        if slug or names:
            return _fits(LabelRef(slug=slug, names=names), name)
    if value is None and not required:
        return LabelRef()
    if value is None:
        raise DocumentError("is missing; it is required", name)
    raise DocumentError("must be a name, or slug and names per language", name)


def _fits(label: LabelRef, name: str) -> LabelRef:
    """Names and slug within what the site stores (PostgreSQL refuses longer ones with a
    database error that would end the whole import instead of refusing this file)."""
    for _code, text in label.names:
        if len(text) > 200:
            raise DocumentError(f"the name '{text[:30]}…' is {len(text)} characters long; "
                                "at most 200 fit", name)
    if len(label.slug) > 100:
        raise DocumentError(f"the slug is {len(label.slug)} characters long; at most 100 fit",
                            name)
    return label


def _topics(value: Any, language: str, languages: Collection[str]) -> tuple[LabelRef, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        # "Labour rights, Free elections" is two topics, not one named so.
        value = [part for part in re.split(r"[,،]", value) if part.strip()]
    if not isinstance(value, list):
        raise DocumentError("must be a list of topic names", "topics")
    return tuple(_label(item, "topics", language, languages, required=True) for item in value)


def _label_data(label: LabelRef) -> dict[str, str]:
    return {"slug": label.slug, **dict(label.names)}


def render(source: StatementSource) -> str:
    """The document for a statement, HTML body; parse(render(s)) gives s back."""
    data: dict[str, Any] = {
        "title": source.title,
        "slug": source.slug,
        "language": source.language,
        "date": source.published_at.isoformat(),
        "status": source.status,
        "signatory": _label_data(source.signatory),
        "topics": [_label_data(topic) for topic in source.topics],
    }
    if source.summary:
        data["summary"] = source.summary
    if source.comments:
        data["comments"] = source.comments
    if source.translation_key:
        data["translation_key"] = source.translation_key
    if source.translated_from:
        data["translated_from"] = source.translated_from
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n{source.body}\n"
