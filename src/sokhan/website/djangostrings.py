"""Django's own words that its Persian catalogue (Django 5.2) leaves in English, or words
badly ("حذف واژه‌های ممنوع های انتخاب شده": the plural suffix twice).

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
    # Django's Persian adds the plural suffix "های" to a name that is plural already.
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    # Django's Persian joins the name to the object's with a middle dot ("بیانیه·"…"")
    # and writes "میتوانید" and "آنرا" without their half-space.
    gettext_noop("Are you sure you want to delete the %(object_name)s "
                 "\"%(escaped_object)s\"? All of the following related items will be "
                 "deleted:"),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again "
                 "below."),
    # And the same deed's other buttons (Save, "Save and add another", a new one's "Save
    # and continue editing"), which said '"…"' where this says «…».
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} "
                 "below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} "
                 "below."),
)
ERRORS = ngettext_lazy("Please correct the error below.", "Please correct the errors below.",
                       "count")
FORMS = (
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Enter a valid %(protocol)s address."),
)
# History entries name the fields that changed by their English labels (Django keeps them
# untranslated, and translates them when an entry is read: website/adminlanguage.py's
# HistoryInTheReadersLanguage). The labels of the statement's and the comment's forms:
HISTORY_FIELDS = (
    gettext_noop("Title"), gettext_noop("Slug"), gettext_noop("Language"),
    gettext_noop("Summary"), gettext_noop("Body"), gettext_noop("Signatory"),
    gettext_noop("Topics"), gettext_noop("Status"), gettext_noop("Publication date and time"),
    gettext_noop("Comments"), gettext_noop("Translation key"), gettext_noop("Name"),
    gettext_noop("E-mail"), gettext_noop("Homepage"), gettext_noop("Subject"),
    gettext_noop("Comment"), gettext_noop("Reason"), gettext_noop("Leave a public marker"),
)
