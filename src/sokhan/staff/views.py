"""The staff login's two steps as views of the admin site (see :mod:`sokhan.staff.site`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from sokhan.staff import devices, pending, throttle
from sokhan.staff.forms import CodeForm, StaffLoginForm

if TYPE_CHECKING:
    from django.contrib.admin import AdminSite


class PasswordStep(LoginView):
    """Django's login view; with two-factor authentication on, a right password leads to
    the code step instead of logging in."""

    def form_valid(self, form: StaffLoginForm) -> HttpResponse:
        if not settings.SOKHAN_STAFF_2FA:
            throttle.succeeded(form.attempt)
            return super().form_valid(form)
        pending.begin(self.request, form.get_user(), self.get_success_url())
        return HttpResponseRedirect(reverse("admin:login_code",
                                            current_app=self.request.current_app))


def code_step(request: HttpRequest, site: AdminSite) -> HttpResponse:
    half = pending.current(request)
    if half is None:  # came here directly, or the password step went stale
        return HttpResponseRedirect(reverse("admin:login", current_app=site.name))
    device, enrolling = devices.for_login(half.user)
    form = CodeForm(request.POST if request.method == "POST" else None, request=request,
                    username=half.user.get_username(), device=device)
    if form.is_valid():
        throttle.succeeded(form.attempt)
        pending.finish(request, half, device)
        return HttpResponseRedirect(half.next_url)
    context = {
        **site.each_context(request),
        "title": _("Set up two-factor authentication") if enrolling
        else _("Two-factor authentication"),
        "subtitle": None,
        "form": form,
        "enrolling": enrolling,
        "username": half.user.get_username(),
    }
    if enrolling:
        context.update(qr=devices.qr_svg(device), secret=devices.secret(device))
    return TemplateResponse(request, "staff/code.html", context)
