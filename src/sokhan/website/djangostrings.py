"""Django's own words that its Persian catalogue (Django 5.2) leaves in English.

Listed here only so that `makemessages` copies them into Sokhan's catalogue, which Django
reads after its own: the Persian admin then says "Please correct the error below." and
names its breadcrumbs and row checkboxes (read aloud by screen readers) in Persian too.
Nothing calls these; when Django's catalogue catches up, they can go.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN = (
    gettext_noop("Breadcrumbs"),  # the admin's <nav aria-label>
    gettext_noop("Select this object for an action - {}"),  # each row's checkbox label
    gettext_noop("Model name"),
    gettext_noop("This action will <strong>enable</strong> password-based authentication "
                 "for this user."),
    gettext_noop("In case you’ve forgotten, you are:"),  # the password reset e-mail
)
ERRORS = ngettext_lazy("Please correct the error below.", "Please correct the errors below.",
                       "count")
FORMS = (
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Enter a valid %(protocol)s address."),
)
