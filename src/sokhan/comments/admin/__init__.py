"""The comments' admin: the moderation queue, the blocks and the moderation log.

Django's autodiscover imports this package: importing its modules here registers Comment
with reversion (history.py, with the Revert receiver), then CommentAdmin (queue.py),
BlockAdmin (blocks.py) and ModerationActionAdmin (log.py) with the admin site, as the one
module did before. The names it held are re-exported, for code that imports them from
``sokhan.comments.admin`` (antispam/admin.py's kept_by_itself).
"""

# In the order the one module ran them: Comment registered with reversion without the
# fields History does not keep, then each ModelAdmin registered with the admin site.
from sokhan.comments.admin import history, queue, blocks, log  # isort: skip
from sokhan.comments.admin import actions, filters, forms, judgement
from sokhan.comments.admin.actions import ModerationActions
from sokhan.comments.admin.blocks import BlockAdmin, BlockReasonFilter
from sokhan.comments.admin.filters import (
    AddressFilter,
    LikeFilter,
    LikeLast,
    StatementFilter,
    StatusFilter,
)
from sokhan.comments.admin.forms import (
    REMOVAL_REASONS,
    ApproveAllForm,
    BlockForm,
    CloseForm,
    CommentAdminForm,
    RemoveForm,
)
from sokhan.comments.admin.history import NOT_IN_HISTORY
from sokhan.comments.admin.judgement import (
    JUDGEMENTS,
    KEPT,
    judged,
    kept_by_itself,
    with_judgement,
)
from sokhan.comments.admin.log import ModerationActionAdmin
from sokhan.comments.admin.queue import CommentAdmin

__all__ = [
    "JUDGEMENTS", "KEPT", "NOT_IN_HISTORY", "REMOVAL_REASONS", "AddressFilter", "ApproveAllForm",
    "BlockAdmin", "BlockForm", "BlockReasonFilter", "CloseForm", "CommentAdmin",
    "CommentAdminForm", "LikeFilter", "LikeLast", "ModerationActionAdmin", "ModerationActions",
    "RemoveForm", "StatementFilter", "StatusFilter", "actions", "blocks", "filters", "forms",
    "history", "judged", "judgement", "kept_by_itself", "log", "queue", "with_judgement",
]
