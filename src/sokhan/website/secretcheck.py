"""Every server of one site has the same secret key, or it does not start.

CAPTCHA tokens, deletion links and the keyed hashes of blocked e-mail addresses are made
with the site's secret. A second server started without `SOKHAN_SECRET_KEY` makes a key
of its own in its data folder and serves happily: behind a load balancer, a CAPTCHA shown
by one server and answered through the other is "could not be checked", again and again,
and nothing says why. The database, which the servers share, keeps a keyed hash of the
key the site was served with; `sokhan serve` compares its own before it starts."""

from __future__ import annotations

from django.utils.crypto import constant_time_compare, salted_hmac

from sokhan.website.models import SecretCheck

_SALT = "sokhan.website.secretcheck"


def fingerprint() -> str:
    """A keyed hash of the secret key: it tells keys apart and gives none of them away."""
    return salted_hmac(_SALT, "the key every server of this site serves with",
                       algorithm="sha256").hexdigest()


def matches(*, adopt: bool = False) -> bool:
    """Whether this process's key is the site's: the first served with, or ``adopt``ed
    (it was replaced on purpose, on every server). Recorded when none is."""
    mine = fingerprint()
    row, created = SecretCheck.objects.get_or_create(pk=1, defaults={"fingerprint": mine})
    if created or constant_time_compare(row.fingerprint, mine):
        return True
    if adopt:
        SecretCheck.objects.filter(pk=1).update(fingerprint=mine)
        return True
    return False
