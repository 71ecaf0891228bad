"""The only thing the CAPTCHA stores: nonces of tokens already used, until they expire."""

from django.db import models


class UsedNonce(models.Model):
    nonce = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)
    # The comment the challenge saved, if it did: a form sent again (Save pressed twice,
    # or Back and resend) is answered with that comment, by whichever process gets it.
    saved = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.nonce
