"""The editors' desk: statements, signatories and topics in Django's admin.

Django's autodiscover imports this package: importing its modules here registers Signatory
and Topic (labels.py), then Statement (statements.py) with the admin site, in the order the
one module registered them. The public names it held are re-exported, for code that imports
them from ``sokhan.publishing.admin``.
"""

# In the order the one module ran them: the labels' admin registered, then the statements'.
from sokhan.publishing.admin import labels, statements  # isort: skip
from sokhan.publishing.admin import actions, autocomplete, deletion, filters, forms, history
from sokhan.publishing.admin.actions import PublicationActions
from sokhan.publishing.admin.filters import EffectiveStatusFilter, TopicFilter
from sokhan.publishing.admin.forms import (
    EDITOR_EXTENSIONS,
    MOST_KEYLESS_OFFERED,
    MOST_KEYS_OFFERED,
    KeysOffered,
    StatementForm,
)
from sokhan.publishing.admin.history import KEPT_BY_A_RESTORE
from sokhan.publishing.admin.labels import LabelAdmin, LabelForm
from sokhan.publishing.admin.statements import StatementAdmin

__all__ = [
    "EDITOR_EXTENSIONS", "KEPT_BY_A_RESTORE", "MOST_KEYLESS_OFFERED", "MOST_KEYS_OFFERED",
    "EffectiveStatusFilter", "KeysOffered", "LabelAdmin", "LabelForm", "PublicationActions",
    "StatementAdmin", "StatementForm", "TopicFilter", "actions", "autocomplete", "deletion",
    "filters", "forms", "history", "labels", "statements",
]
