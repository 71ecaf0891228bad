from django.urls import path, register_converter

from sokhan.publishing import feeds, views


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


register_converter(UnicodeSlug, "uslug")
register_converter(Year, "year")

app_name = "publishing"
urlpatterns = [
    path("", views.Home.as_view(), name="home"),
    path("statements/<uslug:slug>/", views.statement, name="statement"),
    path("archive/", views.archive, name="archive"),
    path("archive/<year:year>/", views.YearArchive.as_view(), name="year"),
    path("topics/", views.topics, name="topics"),
    path("topics/<uslug:slug>/", views.TopicStatements.as_view(), name="topic"),
    path("topics/<uslug:slug>/feed/", feeds.TopicFeed(), name="topic-rss"),
    path("topics/<uslug:slug>/feed/atom/", feeds.TopicAtomFeed(), name="topic-atom"),
    path("signatories/", views.signatories, name="signatories"),
    path("signatories/<uslug:slug>/", views.SignatoryStatements.as_view(), name="signatory"),
    path("feed/", feeds.StatementFeed(), name="rss"),
    path("feed/atom/", feeds.StatementAtomFeed(), name="atom"),
]
