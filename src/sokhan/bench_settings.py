"""Settings for benchmarks and end-to-end tests ONLY: the CAPTCHA reveals its answers.

Start a server with DJANGO_SETTINGS_MODULE=sokhan.bench_settings to let a load generator
or a browser test solve challenges (the answer comes in the X-Sokhan-Test-Answer header).
Production uses sokhan.settings, where no environment variable can switch this on; and
this module refuses to load for a site that answers to any name but this machine's own,
so that choosing it by mistake on a public server stops the server instead of opening it.
"""

from django.core.exceptions import ImproperlyConfigured

from sokhan.settings import *  # noqa: F403
from sokhan.settings import ALLOWED_HOSTS

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1", "testserver"})
if not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "sokhan.bench_settings gives away every CAPTCHA's answer, so it serves only "
        f"{', '.join(sorted(LOOPBACK_HOSTS))}; SOKHAN_ALLOWED_HOSTS names "
        f"{', '.join(sorted(set(ALLOWED_HOSTS) - LOOPBACK_HOSTS))}. Use sokhan.settings.")

SOKHAN_CAPTCHA_TEST_HOOK = True
