from django.urls import path
from django.views.decorators.http import require_safe

from sokhan.publishing import feeds, views
from sokhan.website import converters  # noqa: F401 - registers <uslug:> and <year:>

app_name = "publishing"
urlpatterns = [
    path("", views.Home.as_view(), name="home"),
    path("statements/<uslug:slug>/", views.statement, name="statement"),
    path("archive/", views.archive, name="archive"),
    path("archive/<year:year>/", views.YearArchive.as_view(), name="year"),
    path("topics/", views.topics, name="topics"),
    path("topics/<uslug:slug>/", views.either_spelling(views.TopicStatements.as_view()),
         name="topic"),
    path("topics/<uslug:slug>/feed/", views.either_spelling(require_safe(feeds.TopicFeed())),
         name="topic-rss"),
    path("topics/<uslug:slug>/feed/atom/",
         views.either_spelling(require_safe(feeds.TopicAtomFeed())), name="topic-atom"),
    path("signatories/", views.signatories, name="signatories"),
    path("signatories/<uslug:slug>/", views.either_spelling(views.SignatoryStatements.as_view()),
         name="signatory"),
    path("feeds/", views.feeds, name="feeds"),
    path("feed/", require_safe(feeds.StatementFeed()), name="rss"),
    path("feed/atom/", require_safe(feeds.StatementAtomFeed()), name="atom"),
]
