from sokhan.publishing.models.label import Signatory, Topic
from sokhan.publishing.models.statement import Statement, Status

__all__ = ["Signatory", "Statement", "Status", "Topic"]
