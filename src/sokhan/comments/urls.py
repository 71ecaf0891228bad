from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from sokhan.comments import feeds, views
from sokhan.comments.models import shown_number, stored_number
from sokhan.website import converters  # noqa: F401 - registers <uslug:>


class CommentNumber:
    """A comment's number as readers see it (comments/number.py) in its address; its
    database number in the view."""

    regex = r"[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return stored_number(int(value))  # (a ValueError is no match: a 404)

    def to_url(self, value: int) -> str:
        return str(shown_number(value))


register_converter(CommentNumber, "comment")

app_name = "comments"
urlpatterns = [
    path("statements/<uslug:slug>/comments/", views.post, name="post"),
    path("statements/<uslug:slug>/comments/feed/", require_safe(feeds.StatementComments()),
         name="statement-feed"),
    path("comments/feed/", require_safe(feeds.LatestComments()), name="feed"),
    path("comments/<comment:pk>/", views.permalink, name="permalink"),
    path("comments/<comment:pk>/reply/", views.reply, name="reply"),
    path("comments/delete/<str:token>/", views.delete, name="delete"),
]
