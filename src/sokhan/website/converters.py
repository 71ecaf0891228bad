"""Path converters shared by the apps' URLs."""

from django.urls import register_converter


class UnicodeSlug:
    """Slugs may be Persian: letters and digits of any script, hyphens and underscores."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class Year:
    regex = r"[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class RowId:
    """A database id: at most 18 digits, so it always fits a 64-bit integer column."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(UnicodeSlug, "uslug")
register_converter(RowId, "id")
register_converter(Year, "year")
