"""The editors' desk: statements, signatories and topics in Django's admin."""

from sokhan.publishing.admin import statements  # noqa: F401
