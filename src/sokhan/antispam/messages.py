"""What a commenter reads for each reason a comment was not accepted, and what a moderator
reads for it on the dashboard."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sokhan.antispam.verdict import Reason

MESSAGES: dict[Reason, Promise] = {
    # Said to people too: a browser or password manager that fills every field of a page
    # by itself fills the hidden one as well, and "please try again" failed again.
    Reason.HONEYPOT: _("The form came with a field filled in that people never see, as "
                       "programs that send spam fill it. If your browser or a password "
                       "manager fills in forms for you, turn that off for this page, then "
                       "press Save again."),
    Reason.BLOCKED: _("Comments from your connection are not accepted at the moment."),
    # "This connection", not "you": a Tor exit's readers share one address, and a first
    # comment may meet the limit others filled.
    Reason.RATE_MINUTE: _("Several comments were sent from this connection in the last "
                          "minute. Please wait a minute and send this one again."),
    Reason.RATE_HOUR: _("Many comments were sent from this connection in the last hour. "
                        "Please wait a while and send this one again."),
    Reason.RATE_CHALLENGES: _("Too many CAPTCHA images were asked for from this connection. "
                              "Please wait a minute, then press Save or Preview again."),
    Reason.RATE_PREVIEWS: _("Many comments and previews were sent from this connection in "
                            "the last minute. Please wait a minute, then press Preview or "
                            "Save."),
    Reason.TOO_MANY_LINKS: _("Your comment contains too many links. Please remove some."),
    Reason.DISALLOWED_WORD: _("Your comment contains words that are not accepted here. "
                              "Please rephrase it."),
    Reason.DUPLICATE: _("You have already posted this comment here."),
    # The words first; then what to do, as the others say: the image has changed.
    Reason.CAPTCHA_WRONG: _("The answer you entered for the CAPTCHA was not correct. Please "
                            "enter the characters shown in the new image."),
    Reason.CAPTCHA_EXPIRED: _("The CAPTCHA image expired. Please enter the characters shown "
                              "in the new image."),
    Reason.CAPTCHA_TAMPERED: _("The CAPTCHA could not be checked. Please enter the characters "
                               "shown in the new image."),
    Reason.CAPTCHA_REPLAYED: _("This CAPTCHA was already used. Please enter the characters "
                               "shown in the new image."),
    Reason.CAPTCHA_TOO_FAST: _("That was faster than a person can read the image. Please "
                               "enter the characters shown in the new image."),
    Reason.CAPTCHA_PUZZLE: _("Your browser had not finished its check when the comment was "
                             "sent. Please enter the characters shown in the new image."),
}


def message(reason: Reason) -> str:
    return str(MESSAGES[reason])


# Short names for the moderators' dashboard (its chart and table), in their language.
LABELS: dict[Reason, Promise] = {
    Reason.HONEYPOT: _("Hidden field filled in (a bot)"),
    Reason.BLOCKED: _("Blocked address or e-mail"),
    Reason.RATE_MINUTE: _("Too many comments in a minute"),
    Reason.RATE_HOUR: _("Too many comments in an hour"),
    Reason.RATE_CHALLENGES: _("Too many CAPTCHA images asked for"),
    Reason.RATE_PREVIEWS: _("Too many previews and saves in a minute"),
    Reason.TOO_MANY_LINKS: _("Too many links"),
    Reason.DISALLOWED_WORD: _("Disallowed word"),
    Reason.DUPLICATE: _("Same text sent again"),
    Reason.CAPTCHA_WRONG: _("CAPTCHA: wrong answer"),
    Reason.CAPTCHA_EXPIRED: _("CAPTCHA: expired"),
    Reason.CAPTCHA_TAMPERED: _("CAPTCHA: changed or made-up token"),
    Reason.CAPTCHA_REPLAYED: _("CAPTCHA: used again"),
    Reason.CAPTCHA_TOO_FAST: _("CAPTCHA: answered too fast"),
    Reason.CAPTCHA_PUZZLE: _("Proof-of-work missing or wrong"),
    Reason.LIKE_SPAM: _("Kept as spam: like marked spam"),
}


def label(code: str) -> str:
    """A counted reason's name for moderators; the code itself for a reason no longer
    made (rows of earlier versions stay on the dashboard for its 14 days)."""
    try:
        return str(LABELS[Reason(code)])
    except (ValueError, KeyError):
        return code
