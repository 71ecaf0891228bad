"""Sokhan's admin site: Django's, with a throttled login and a second factor for staff.

Installed as the default site (``StaffAdminConfig``), so every ``admin.register`` in
Sokhan's apps and in django-otp lands here and ``urls.py`` mounts it as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from sokhan.staff import views
from sokhan.staff.forms import StaffLoginForm

# The longest search the admin runs (lists' "q", autocomplete's "term"). SQLite refuses a
# LIKE pattern over 50,000 bytes and a condition nested deeper than 1,000 terms, so a search
# of a pasted book answered 500; no editor looks for more than a paragraph.
MAX_SEARCH_CHARACTERS = 1000


# What a date filter may ask for: a year whose whole span Python's dates hold in any time
# zone (year 1 in Tehran began in year 0 in UTC), a month, a day.
_DATE_PARTS = {"year": range(2, 9999), "month": range(1, 13), "day": range(1, 32)}


class StaffAdminSite(admin.AdminSite):
    login_form = StaffLoginForm

    def admin_view(self, view: Callable[..., HttpResponse],
                   cacheable: bool = False) -> Callable[..., HttpResponse]:
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def bounded(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if any(len(request.GET.get(name, "")) > MAX_SEARCH_CHARACTERS
                   for name in ("q", "term")):
                raise BadRequest("admin search too long")
            # No object id holds a NUL, and PostgreSQL refuses one in any text value
            # (the history page looks the id up as text): a 404, not a 500.
            if "\x00" in request.path:
                raise Http404
            # Nor a filter's value or name: PostgreSQL refused it in the list's query (a 500
            # there, an empty list on SQLite); a 400 on both.
            if any("\x00" in name or "\x00" in value
                   for name, values in request.GET.lists() for value in values):
                raise BadRequest("NUL in the query")
            # A date filter's impossible value ("?created_at__year=0", a year 9999 whose
            # end is past what Python's dates hold, month 13) made the list raise
            # ValueError or OverflowError deep in Django: a 400, not a 500.
            for name, value in request.GET.items():
                part = name.rpartition("__")[2]
                if part in _DATE_PARTS and not (value.isascii() and value.isdigit()
                                                and len(value) <= 4
                                                and int(value) in _DATE_PARTS[part]):
                    raise BadRequest("no such date")
            # The rows an action is for are keys: a made-up one ("abc") made the action's
            # query raise ValueError, a 500.
            if request.method == "POST" and not all(
                    key.isascii() and key.isdigit() and len(key) <= 18
                    for key in request.POST.getlist(ACTION_CHECKBOX_NAME)):
                raise BadRequest("no such row")
            try:
                return guarded(request, *args, **kwargs)
            except OverflowError:
                # A number past what the database holds, in any form's choice of a row
                # (Django's own fields catch ValueError, not this): bad input, not a 500.
                raise BadRequest("number out of range") from None
        return bounded

    def has_permission(self, request: HttpRequest) -> bool:
        # Every admin page asks this. Logins through the code step are verified; a session
        # made any other way (or before 2FA was switched on) is sent to log in again.
        return super().has_permission(request) and (
            not settings.SOKHAN_STAFF_2FA or request.user.is_verified())

    def get_urls(self) -> list[URLPattern | URLResolver]:
        # "View on site" first: Django's own pattern, later in the list, is never reached.
        return [path("login/code/", self.login_code, name="login_code"),
                path("r/<int:content_type_id>/<path:object_id>/",
                     self.admin_view(self.view_on_site), name="view_on_site"),
                *super().get_urls()]

    def view_on_site(self, request: HttpRequest, content_type_id: int,
                     object_id: str) -> HttpResponse:
        """Django's "View on site", for those who may see the object in the admin: Django's
        led any member of staff to any object's address, and walking the numbers told a
        moderator the address (made of the title) of every draft and scheduled statement.
        Refused before the object is looked for: nor whether there is one of that number."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            model = None
        shown_by = self._registry.get(model)
        if shown_by is None or not shown_by.has_view_or_change_permission(request):
            raise PermissionDenied
        return shortcut(request, content_type_id, object_id)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # AdminSite.login as in Django 5.2, but with our LoginView, which can stop after the
        # password; Django's builds its LoginView inside the method, out of reach.
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return views.PasswordStep.as_view(
            extra_context=context, authentication_form=self.login_form,
            template_name=self.login_template or "admin/login.html")(request)

    @method_decorator(never_cache)  # the enrolment page shows a secret key
    @login_not_required
    def login_code(self, request: HttpRequest) -> HttpResponse:
        return views.code_step(request, self)
