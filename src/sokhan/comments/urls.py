from django.urls import path
from django.views.decorators.http import require_safe

from sokhan.comments import feeds, views
from sokhan.website import converters  # noqa: F401 - registers <uslug:>

app_name = "comments"
urlpatterns = [
    path("statements/<uslug:slug>/comments/", views.post, name="post"),
    path("statements/<uslug:slug>/comments/feed/", require_safe(feeds.StatementComments()),
         name="statement-feed"),
    path("comments/feed/", require_safe(feeds.LatestComments()), name="feed"),
    path("comments/<id:pk>/", views.permalink, name="permalink"),
    path("comments/<id:pk>/reply/", views.reply, name="reply"),
    path("comments/delete/<str:token>/", views.delete, name="delete"),
]
