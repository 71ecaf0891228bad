"""Posting, previewing, replying to and deleting comments; permalinks.

The statement page carries the comment form with no per-visitor token, so the page is the
same bytes for everyone and a cache may keep it. Posting is therefore exempt from Django's
CSRF cookie; instead a cross-site post is refused by its Origin header (browsers send it
with every POST), and the CAPTCHA makes forged posts worthless.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import SplitResult, unquote_to_bytes, urlsplit

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import is_same_domain
from django.utils.translation import activate, get_language, gettext_lazy, ngettext, override
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from sokhan.antispam import guards as spam
from sokhan.antispam.messages import message
from sokhan.antispam.models import Rejection
from sokhan.antispam.verdict import Reason
from sokhan.captcha import flow
from sokhan.captcha.puzzle import LONGEST_PAYLOAD
from sokhan.comments import (
    alike,
    display,
    guards,
    keys,
    moderation,
    notifications,
    posting,
    retention,
)
from sokhan.comments.forms import CommentForm, database_number
from sokhan.comments.models import Comment, Status
from sokhan.comments.models import Reason as Removal
from sokhan.comments.submission import repaired
from sokhan.publishing import reading
from sokhan.publishing.models import Statement
from sokhan.textformat import count_links
from sokhan.website.models import CommentMode
from sokhan.website.templatetags.sokhan_l10n import localnumber

log = logging.getLogger(__name__)
FIELDS = ("name", "email", "homepage", "subject", "comment", "parent")
# Read from the request but not part of the comment: the honeypot and the CAPTCHA.
EXTRA_FIELDS = ("website", "captcha_token", "captcha_answer", "captcha_pass", "puzzle")
# The form page's language, when the commenter chose another than the statement's: the
# switch pressed (switch_language), and then kept by the form (page_language); and whether
# the page it was pressed on showed a preview (previewed), to show it again.
LANGUAGE_FIELDS = ("switch_language", "page_language", "previewed")


def _statement(slug: str) -> Statement:
    # Read as the statement page reads it: the ORM took longer to build the query than to
    # run it, on every comment post.
    found = reading.statement_at(get_language(), slug)
    if found is None or not found.is_public():
        raise Http404
    return found


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def _page(request: HttpRequest, template: str, context: dict[str, Any],
          status: int = 200) -> HttpResponse:
    return _private(render(request, template, context, status=status))


def _problem_page(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    """A page that says what went wrong, headed "Your comment could not be accepted"
    unless the context names another heading."""
    return _page(request, "comments/problem.html",
                 {"heading": _("Your comment could not be accepted"), **context}, status)


def _same_origin(request: HttpRequest) -> bool:
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        # No Origin (old browsers, privacy tools): the CAPTCHA still has to be solved.
        return origin is None
    try:
        sent = urlsplit(origin)
        # The scheme too, as Django's own check: an http:// page (which anyone on the
        # path can write, before HSTS) is another origin than the https:// site (review).
        here = (request.scheme, request.get_host())
        return (sent.scheme, sent.netloc) == here or _trusted(sent)
    except ValueError:  # not an address at all ("http://[::1"): no page of this site sent it
        return False


def _trusted(origin: SplitResult) -> bool:
    """SOKHAN_CSRF_TRUSTED_ORIGINS, read as Django's own check reads it for the admin:
    behind a proxy that passes the host without its port (nginx's $host, on :8443), the
    site's address is named there; "https://*.example.org" trusts its subdomains."""
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        named = urlsplit(trusted)
        if named.scheme != origin.scheme:
            continue
        if "*" in named.netloc:
            if is_same_domain(origin.netloc, named.netloc.lstrip("*")):
                return True
        elif named.netloc == origin.netloc:
            return True
    return False


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def post(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        statement = _statement(slug)
    except Http404:
        if request.method != "POST":
            raise
        return _gone(request)
    if request.method != "POST":  # the address opened again: a reload, a restored tab
        return HttpResponseRedirect(f"{statement.get_absolute_url()}#comment-form")
    try:
        return _post(request, statement)
    except DatabaseError:
        # The database cannot write (a full disk, a read-only file system, a lock held
        # too long): nothing was stored, and the commenter keeps their words.
        log.exception("a comment could not be stored")
        response = _problem_page(request, {
            "statement": statement, "kept": request.POST.get("comment", ""),
            "heading": _("Your comment could not be stored just now"),
            "problem": _("The site could not store your comment because of a problem on "
                         "our side. Your text is below so that you can keep a copy; please "
                         "try again in a few minutes.")}, status=503)
        response["Retry-After"] = "120"
        return response


def _post(request: HttpRequest, statement: Statement) -> HttpResponse:
    too_large = False
    try:
        _readable_form(request)
        sent = request.POST
    except RequestDataTooBig:
        sent = _salvaged(request)
        if not sent.get("comment"):
            return _too_large(request, statement)
        too_large = True
    raw = {name: sent.get(name, "") for name in FIELDS + EXTRA_FIELDS + LANGUAGE_FIELDS}
    raw, damaged = repaired(raw)
    _speak_as_chosen(raw)
    if statement.comment_mode != CommentMode.OPEN:
        return _problem(request, statement, raw, _(
            "Comments on this statement are closed. Your text is below so that you can keep "
            "a copy."))
    if not _same_origin(request):
        return _problem(request, statement, raw, _(
            "This form was sent from another site, so it was not accepted. Your text is "
            "below: copy it, open the statement on this site (the link below), and send "
            "your comment from there."))
    address_hash, period = keys.hash_request(request)
    step = Step(request, statement, raw, address_hash, keys.earlier_hash(request, period),
                period)
    if (early := _unchecked(step, too_large=too_large,
                            new_image="new_challenge" in sent)) is not None:
        return early
    switching = bool(raw["switch_language"])
    form = _sent_form(raw)
    for name in damaged:
        form.add_error(name if name in form.fields else None, _(
            "This field contained characters that cannot be shown; they were removed. "
            "Please check it and send it again."))
    # Refused before the CAPTCHA is needed: the image (or Preview's pass) stays.
    carried = flow.carried(raw)
    if not form.is_valid():
        if "parent" in form.errors:
            # A number no comment can have (the hidden field altered, or cut short): its
            # error alone stood in the summary as an empty "There is a problem", and came
            # back on every Save (readers' review). Said as any reply that cannot be taken.
            del form.errors["parent"]
            return _not_a_reply(step, form, step.answer_checked())
        # Still a reply (its form still names the comment answered): the quoted comment
        # and "Your reply" went, and the commenter took it for a comment of its own.
        return step.form(form, parent=_replying_to(statement, raw["parent"]),
                         human=step.answer_checked(), status=400)
    try:
        parent = posting.reply_parent(statement, form.cleaned_data.get("parent"))
    except posting.ReplyError:
        # One answer whatever the reason (waiting, removed, spam, another statement's, no
        # such comment): before any CAPTCHA, a Preview must not tell anyone what became of
        # a comment number. The words go out again as a comment of their own.
        return _not_a_reply(step, form, carried)
    saving = "preview" not in sent and not switching
    verdict = guards.judge(guards.Submission(request, statement, form.cleaned_data, raw,
                                             address_hash, period, saving, step.earlier))
    # Save pressed twice meets the duplicate rule, or the rate limit its first press filled.
    if saving and not verdict.accepted and (echo := _echo(
            request, statement, raw, form.cleaned_data["comment"])):
        return echo
    if not verdict.accepted:
        if verdict.reason not in spam.COUNTED_AT_THE_LINE:
            Rejection.count_one(verdict.reason)
        _refuse(form, verdict.reason)
        return step.form(form, parent=parent, status=400, human=step.answer_checked()
                         if verdict.reason in _ABOUT_THE_WORDS else carried)
    # A switch checks no answer typed: it is no step towards sending.
    human = (flow.carried(raw) or flow.Human(False)) if switching else flow.verify(
        raw, saving=saving)
    if saving and human.reason is Reason.CAPTCHA_REPLAYED and (echo := _echo(
            request, statement, raw, form.cleaned_data["comment"])):
        return echo
    if human.reason is not None:  # shown at the answer's field by Step.form
        Rejection.count_one(human.reason)
    if not saving:
        return step.form(form, parent=parent, preview=posting.preview(form.cleaned_data),
                         human=human)
    if not human.solved:
        # Save pressed with the image's field left empty: said at the field, as any error.
        unanswered = bool(human.keep_token)
        return step.form(form, parent=parent, human=human, unanswered=unanswered,
                         status=400 if human.reason or unanswered else 200)
    return _store(step, form, parent, human)


def _unchecked(step: Step, *, too_large: bool, new_image: bool) -> HttpResponse | None:
    """The form again, its fields not checked, when the body was too large (its CAPTCHA
    answer is), another image was asked for, or only the page's language; None
    otherwise."""
    raw, statement = step.raw, step.statement
    if too_large:
        # The form again, with all that was written and the limit said at the field it
        # concerns: a page with the text alone made the commenter start again.
        return step.form(_refused_as_too_large(raw), parent=_replying_to(statement,
                         raw["parent"]), human=step.answer_checked(), status=413)
    if new_image:
        # Only another image was asked for: nothing is checked, and what was written, and
        # the comment being answered, stay on the page; and so does a preview shown.
        return step.form(CommentForm(initial={n: raw[n] for n in FIELDS}),
                         parent=_replying_to(statement, raw["parent"]), new_image=True,
                         preview=_previewed_again(step))
    if raw["switch_language"] and not (raw["previewed"] and _sent_form(raw).is_valid()):
        # Only the page's language: as above, and the image (or pass) stays too. None is
        # made for a form that had none yet: a switch is no step towards sending. (From a
        # preview, the preview is made again, in _post, as Preview makes it.)
        return step.form(CommentForm(initial={n: raw[n] for n in FIELDS}),
                         parent=_replying_to(statement, raw["parent"]),
                         human=flow.carried(raw), fresh=False)
    return None


def _not_a_reply(step: Step, form: CommentForm, human: flow.Human | None) -> HttpResponse:
    """The form again, its words kept to go out as a comment of their own: the comment it
    replied to cannot take replies here."""
    form.add_error(None, _("The comment you replied to cannot take replies here. Your "
                           "text is kept below: you can send it as a comment of your own."))
    form.data = {**form.data, "parent": ""}
    return step.form(form, human=human, status=400)


def _store(step: Step, form: CommentForm, parent: Comment | None,
           human: flow.Human) -> HttpResponse:
    """A comment that passed every check and its CAPTCHA: stored, or refused by what
    changed meanwhile; then counted, and the moderators told."""
    # Checked again as it is written: other saves may have run alongside this one (from
    # this address, taking the last place in its rate limit; or with the same words).
    claimed = spam.claim(step.address_hash, step.earlier)
    refusal = None if claimed.verdict.accepted else claimed.verdict.reason
    if refusal is None:
        hidden = guards.email_blocked(form.cleaned_data)
        # Asked, as the e-mail block is, only once the CAPTCHA is solved, and never said.
        like = None if hidden else alike.like_spam(form.cleaned_data["comment"])
        try:
            comment = posting.save(step.statement, form.cleaned_data, parent,
                                   step.address_hash, step.period, as_spam=hidden,
                                   like_spam=like)
        except posting.Duplicate:
            claimed.give_back()
            refusal = Reason.DUPLICATE
        except DatabaseError:
            claimed.give_back()  # not stored: it does not count against the address
            raise
    if refusal is not None:
        Rejection.count_one(refusal)
        _refuse(form, refusal)
        return step.form(form, parent=parent, status=400)
    flow.remember_saved(human, comment.pk)
    if hidden:  # counted once stored: refused as a duplicate, it counts as that alone
        Rejection.count_one(Reason.BLOCKED)
        guards.held_back(form.cleaned_data, comment)
    elif like is not None:
        Rejection.count_one(Reason.LIKE_SPAM)
    try:  # the comment is stored: what follows must not say otherwise
        if comment.status == Status.PENDING:
            notifications.pending_comment_arrived()
        retention.housekeeping()
    except Exception:  # a database error, or anything else: logged, the thanks still given
        log.exception("after comment %s was stored", comment.pk)
    return _posted(step.request, step.statement, comment)


# Refusals for what the comment says: shown at its field (and linked from the summary), so
# that a screen reader announces them with the text they are about.
# (Not disallowed words: the name and the subject are checked for them too.)
_ABOUT_THE_TEXT = {Reason.TOO_MANY_LINKS, Reason.DUPLICATE}
# Refusals for what was written, which the commenter mends and sends again: the CAPTCHA's
# answer sent with it is checked all the same (Step.answer_checked).
_ABOUT_THE_WORDS = _ABOUT_THE_TEXT | {Reason.DISALLOWED_WORD}


def _sent_form(raw: dict[str, str]) -> CommentForm:
    """The comment's own fields as sent, bound to the form that checks them."""
    return CommentForm(data={name: raw[name] for name in FIELDS})


def _previewed_again(step: Step) -> Comment | None:
    """The preview a form page showed, made again for "Get a new image", which dropped
    it; None if it showed none, if what it sends is no longer a comment, or if Preview
    would refuse it now (the honeypot filled, past the previews' limit…: it drew them
    without end; security review)."""
    raw = step.raw
    if not raw["previewed"]:
        return None
    form = _sent_form(raw)
    if not form.is_valid():
        return None
    if not guards.judge(step.looking(form.cleaned_data)).accepted:
        return None  # as Preview would refuse it (and counted against the same limit)
    return posting.preview(form.cleaned_data)


def _speak_as_chosen(raw: dict[str, str]) -> None:
    """Answer in the language the commenter chose on a form page, when the site has it;
    the statement, and the address the form posts to, stay in the statement's."""
    chosen = raw["switch_language"] or raw["page_language"]
    if chosen in dict(settings.LANGUAGES) and chosen != get_language():
        activate(chosen)  # LocaleMiddleware's response header follows (Content-Language)


def _refuse(form: CommentForm, reason: Reason) -> None:
    text = message(reason)
    if reason is Reason.TOO_MANY_LINKS and not settings.SOKHAN_MAX_LINKS:
        # "contains 1 links; at most 0 are allowed": the plural follows the limit.
        text = _("No links are allowed in comments here (web and e-mail addresses both "
                 "count). Please remove them.")
    elif reason is Reason.TOO_MANY_LINKS:
        found = count_links(form.cleaned_data.get("comment", ""))
        text = ngettext(
            "Your comment contains %(found)s links; at most %(limit)s is allowed (web and "
            "e-mail addresses both count). Please remove some.",
            "Your comment contains %(found)s links; at most %(limit)s are allowed (web and "
            "e-mail addresses both count). Please remove some.",
            settings.SOKHAN_MAX_LINKS) % {"found": localnumber(found),
                                          "limit": localnumber(settings.SOKHAN_MAX_LINKS)}
    form.add_error("comment" if reason in _ABOUT_THE_TEXT else None, text)


def _echo(request: HttpRequest, statement: Statement, raw: dict[str, str],
          text: str) -> HttpResponse | None:
    """Save pressed twice (or a form sent again): the browser shows the second answer, so
    it should say what the first did, not that the CAPTCHA was used or the comment
    posted already. Only when the second carries the very challenge that saved the
    comment (a token only the browser that was shown it holds), with the same words."""
    saved = flow.saved_with(raw)
    twin = None if saved is None else Comment.objects.filter(
        pk=saved, statement=statement, fingerprint=posting.fingerprint(text),
        created_at__gte=timezone.now() - ECHO_WINDOW).first()
    return None if twin is None else _posted(request, statement, twin)


# How long after the first press the same form is answered as Save pressed twice. A
# second press, or Back and "resend", comes within it; someone who saw the image's
# address (a proxy's log) and read the image for themselves, with the words once
# published, must be as quick to get the deletion link (a review of the change).
ECHO_WINDOW = timedelta(minutes=10)


def _posted(request: HttpRequest, statement: Statement, comment: Comment) -> HttpResponse:
    return _page(request, "comments/posted.html", {
        "statement": statement, "comment": comment,
        "published": comment.status == Status.PUBLISHED or _thanked_as_published(comment),
        "delete_url": request.build_absolute_uri(reverse(
            "comments:delete", kwargs={"token": posting.deletion_token(comment)}))})


def _thanked_as_published(comment: Comment) -> bool:
    """A comment kept as spam (its e-mail address is blocked, or it is like spam) is
    thanked as any other would be, and its link leads where theirs do: on a site that
    publishes at once, "queued" told a prober that the address was blocked."""
    return comment.status == Status.SPAM and not posting.held()


def _replying_to(statement: Statement, value: str) -> Comment | None:
    """The comment a reply's form answers, when ``value`` names one that takes replies."""
    try:
        return posting.reply_parent(statement, database_number(
            CommentForm.base_fields["parent"].clean(value)))
    except (ValidationError, posting.ReplyError):
        return None


# A form too large to accept is read once more, up to this many times Django's limit, only
# to give the commenter their form back (a paste of a whole book, say): nothing of it is
# kept, and it is checked only as a form refused for its length is. Beyond it (nginx's
# example stops at 3 MB anyway) only the message is left.
SALVAGE_FACTOR = 4


def _readable_form(request: HttpRequest) -> None:
    """Django refuses some form bodies outright, with a 400 page that held none of the
    words: a charset other than UTF-8 named in its Content-Type (a form is UTF-8 whatever
    it says, RFC 1866), more than 1,000 fields, a broken multipart body. What can be read
    of it, as UTF-8, becomes request.POST, so the form comes back with the commenter's
    words (and says so if some could not be read). A body too large still raises."""
    try:
        request.POST  # noqa: B018 - parsed here, or refused
    except RequestDataTooBig:
        raise
    except (SuspiciousOperation, BadRequest, MultiPartParserError):
        request._post = _as_utf8(request)  # type: ignore[attr-defined]


_WANTED = re.compile(rb"(?:^|&)(" + b"|".join(
    re.escape(name.encode()) for name in (*FIELDS, *EXTRA_FIELDS, *LANGUAGE_FIELDS, "preview",
                                          "save", "new_challenge")) + rb")=([^&]*)")


def _as_utf8(request: HttpRequest) -> QueryDict:
    """The fields a comment is made of, read from a urlencoded body as UTF-8."""
    if request.content_type != "application/x-www-form-urlencoded":
        return QueryDict()  # a multipart body Django could not read: nothing is readable
    try:
        return _comment_fields(request.body)
    except (RequestDataTooBig, RawPostDataException, OSError):
        return QueryDict()


def _comment_fields(body: bytes) -> QueryDict:
    """The fields a comment is made of in a urlencoded ``body``, decoded as UTF-8 (what
    cannot be is left for ``repaired`` to find). Only they are decoded, found by one scan
    of the bytes: decoding every field of a body of 800,000 ("a=&a=&…") cost two seconds
    a request, and Django's parser refuses more than 1,000."""
    fields = QueryDict(mutable=True)
    for found in _WANTED.finditer(body):
        value = unquote_to_bytes(found[2].replace(b"+", b" "))
        fields.appendlist(found[1].decode(), value.decode("utf-8", "surrogateescape"))
    return fields


def _salvaged(request: HttpRequest) -> QueryDict:
    """The fields of a form that was too large to accept, or none if they cannot be read
    within the bound."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return QueryDict()
    if (request.content_type != "application/x-www-form-urlencoded" or limit is None
            or length > SALVAGE_FACTOR * limit):
        return QueryDict()
    try:
        return _comment_fields(request.read(length))
    except OSError:  # the client went away
        return QueryDict()


def _gone(request: HttpRequest) -> HttpResponse:
    """A comment sent to a statement that is not (or no longer) published: withdrawn while
    its page was open, or an address that never was. The words are kept all the same."""
    try:
        _readable_form(request)
        kept = request.POST.get("comment", "")
    except RequestDataTooBig:
        kept = _salvaged(request).get("comment", "")
    return _problem_page(request, {
        "kept": repaired({"comment": kept})[0]["comment"],
        "problem": _("This statement is not published (it may have been withdrawn while "
                     "you were writing), so comments cannot be added to it. Your text is "
                     "below so that you can keep a copy.")}, status=404)


_TOO_LARGE = gettext_lazy("Your comment was too large to send. Please shorten it and try "
                          "again.")


def _too_large(request: HttpRequest, statement: Statement) -> HttpResponse:
    """A form too large even to read back: only the message is left."""
    return _problem_page(request, {"statement": statement, "problem": _TOO_LARGE},
                         status=413)


def _refused_as_too_large(raw: dict[str, str]) -> CommentForm:
    """The form of a request too large to accept, read back: its fields' own limits say
    which was too long. When none does (the bulk was in fields a comment has not), the
    form says the request was too large."""
    form = _sent_form(raw)
    if form.is_valid():
        form.add_error(None, _TOO_LARGE)
    return form


def _problem(request: HttpRequest, statement: Statement, raw: dict[str, str],
             problem: str) -> HttpResponse:
    return _problem_page(request, {
        "statement": statement, "kept": raw.get("comment", ""), "problem": problem},
        status=403)


@dataclass
class Step:
    """Renders the form page that follows a submission, with a challenge when one is due."""

    request: HttpRequest
    statement: Statement
    raw: dict[str, str]
    address_hash: str
    earlier: str | None  # the address's hash under the previous key, just after it changed
    period: int  # the key period the address hash was made in

    def looking(self, data: dict[str, Any] | None = None) -> guards.Submission:
        """This step's form as a submission that saves nothing (a Preview's look)."""
        return guards.Submission(self.request, self.statement, data or {}, self.raw,
                                 self.address_hash, self.period, saving=False,
                                 earlier=self.earlier)

    def answer_checked(self) -> flow.Human | None:
        """The CAPTCHA of a form refused for what was written (a field's error, too many
        links, too long…). An answer typed is checked now: a right one becomes a pass, as
        on Preview, and is not asked for again once the form is mended; a wrong one is
        said with the other errors. It was thrown away, and a blind commenter played the
        sound and typed it again (readers' review). Without an answer, on a language
        switch (no step towards sending), or from a sender Preview would refuse first
        (the honeypot, a block), the image (or pass) stays as it was, unchecked."""
        raw = self.raw
        if (raw.get("captcha_pass") or not raw.get("captcha_answer", "").strip()
                or raw.get("switch_language")):
            return flow.carried(raw)
        if not guards.may_answer(self.looking()):
            return flow.carried(raw)
        human = flow.verify(raw, saving=False)
        if human.reason is not None:
            Rejection.count_one(human.reason)
        return human

    def form(self, form: CommentForm, *, parent: Comment | None = None,
             preview: Comment | None = None, human: flow.Human | None = None,
             unanswered: bool = False, new_image: bool = False, fresh: bool = True,
             status: int = 200) -> HttpResponse:
        """``fresh``: make a challenge when the form carries none that can be kept."""
        language = get_language()
        context: dict[str, Any] = {"statement": self.statement, "comment_form": form,
                                   "parent": parent, "preview": preview, "step": True,
                                   "new_image": new_image,
                                   "page_language": language
                                   if language != self.statement.language else ""}
        if human is not None and human.reason is not None:
            # Beside the new image's answer field (and in the summary at the top), so that
            # a screen reader announces it with the field it is about.
            context["captcha_error"] = message(human.reason)
        elif unanswered:
            context["captcha_error"] = _("Enter the characters shown in the image, then "
                                         "press Save.")
        shown = (self._challenge(context, form, human, fresh=fresh)
                 if settings.SOKHAN_CAPTCHA else None)
        context["challenge"] = shown
        if shown is not None and shown.token == self.raw.get("captcha_token"):
            # The same image again (a preview before answering, a form error): its
            # proof-of-work, solved by the statement page's script, goes with it.
            context["puzzle_solution"] = self.raw.get("puzzle", "")[:LONGEST_PAYLOAD]
            if self.raw.get("switch_language"):
                # Only the language changed: the answer typed for this image stays too
                # (it was lost with the switch; readers' review). Not checked: a switch
                # is no step towards sending. 20: the field's maxlength.
                context["captcha_typed"] = self.raw.get("captcha_answer", "")[:20]
        response = _page(self.request, "comments/form_page.html", context, status=status)
        if shown is not None and shown.answer:
            response["X-Sokhan-Test-Answer"] = shown.answer
        return response

    def _challenge(self, context: dict[str, Any], form: CommentForm, human: flow.Human | None,
                   *, fresh: bool) -> flow.Shown | None:
        """The image the page shows; None with a pass (put in ``context``), or with none."""
        if human is not None and human.pass_token:
            context["captcha_pass"] = human.pass_token
            return None
        kept = human.keep_token if human is not None else ""
        if kept and (again := flow.shown_again(kept)):
            return again
        if not (fresh or kept):  # a language switch makes no first image
            return None
        # The first time; or the kept one expired a moment ago, or was drawn too often.
        made = flow.new_for(self.address_hash, self.earlier)
        if isinstance(made, flow.Shown):
            # Said, as "Get a new image" says it: the image shown before is gone. (Not
            # new_image: that also moves the focus to the answer's field, away from a
            # preview being read.)
            context["image_replaced"] = bool(kept)
            return made
        if kept and (last := flow.shown_again(kept, room=1)):
            # No new one this minute (a shared address in flood mode): the kept image's
            # last drawings are better than none (reviewed).
            return last
        # Said in the CAPTCHA's box too, not "after you press Save…" there.
        context["captcha_refused"] = message(made)
        if form.is_bound:
            form.add_error(None, message(made))
        else:  # "new image": an unbound form has no errors of its own to add to
            context["form_problem"] = message(made)
        return None


@require_safe
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """A page with the comment being answered and the form, for browsers without JavaScript."""
    parent = get_object_or_404(Comment.objects.select_related("statement"), pk=pk,
                               status=Status.PUBLISHED)
    statement = parent.statement
    if not statement.is_public() or statement.comment_mode != CommentMode.OPEN:
        raise Http404
    if statement.language != get_language():  # as the permalink: to the statement's language
        with override(statement.language):
            return HttpResponseRedirect(reverse("comments:reply", kwargs={"pk": parent.pk}))
    form = CommentForm(initial={"parent": parent.number})
    return render(request, "comments/form_page.html",
                  {"statement": statement, "comment_form": form, "parent": parent})


@require_safe
def permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """/…/comments/ID/ → the statement page on which the comment stands, at the comment."""
    comment = get_object_or_404(Comment.objects.select_related("statement", "thread"), pk=pk)
    statement = comment.statement
    if not statement.is_public() or not statement.comments_shown:
        raise Http404
    if not comment.is_shown:
        if not _thanked_as_published(comment):
            raise Http404
        # Kept as spam for its blocked e-mail address, on a site that publishes at once:
        # its link leads where a published one's does, or a 404 told a prober that the
        # address was blocked. (The statement's page itself still lacks the comment.)
        return HttpResponseRedirect(f"{statement.get_absolute_url()}#comment-{comment.number}")
    page = display.page_of_comment(comment)
    query = f"?page={page}" if page > 1 else ""
    return HttpResponseRedirect(
        f"{statement.get_absolute_url()}{query}#comment-{comment.number}")


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, token: str) -> HttpResponse:
    """The private link a commenter got after posting: confirm, then delete."""
    comment = posting.comment_for_token(token)
    # A comment a moderator removed can still be deleted by its author (its words go).
    if comment is None or comment.removal_reason == Removal.AUTHOR_REQUEST:
        return _problem_page(request, {
            "heading": _("This deletion link does not work"),
            "problem": _("This deletion link is not valid, or the comment was already "
                         "deleted. If you copied the link, check that all of it was copied: "
                         "it is long, and ends with a slash.")}, status=404)
    if request.method == "POST":
        moderation.delete_by_author(comment)
        return _page(request, "comments/deleted.html", {"statement": comment.statement})
    confirm = _page(request, "comments/delete_confirm.html",
                    {"comment": comment, "statement": comment.statement})
    # The address is the deletion link: the requests this page makes (its stylesheet, say,
    # which a CDN may log) carry the site's origin only. Not "no-referrer", which would
    # send the confirming POST with "Origin: null".
    confirm.headers["Referrer-Policy"] = "strict-origin"
    return confirm
