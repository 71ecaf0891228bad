"""Settings for benchmarks and end-to-end tests ONLY: the CAPTCHA reveals its answers.

Start a server with DJANGO_SETTINGS_MODULE=sokhan.bench_settings to let a load generator
or a browser test solve challenges (the answer comes in the X-Sokhan-Test-Answer header).
Production uses sokhan.settings, where no environment variable can switch this on; and
this module refuses to load for a site that answers to any name but this machine's own,
or that is set up to sit behind a proxy (a proxy that passes "Host: 127.0.0.1" on would
bring the public to it), so that choosing it by mistake on a public server stops the
server instead of opening it.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from sokhan import conf
from sokhan.settings import *  # noqa: F403
from sokhan.settings import ALLOWED_HOSTS, SOKHAN_SITE_URL

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1", "testserver"})
if not set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS:
    raise ImproperlyConfigured(
        "sokhan.bench_settings gives away every CAPTCHA's answer, so it serves only "
        f"{', '.join(sorted(LOOPBACK_HOSTS))}; SOKHAN_ALLOWED_HOSTS names "
        f"{', '.join(sorted(set(ALLOWED_HOSTS) - LOOPBACK_HOSTS))}. Use sokhan.settings.")

_PUBLIC = [name for name, public in [
    ("SOKHAN_BEHIND_HTTPS_PROXY", conf.flag("SOKHAN_BEHIND_HTTPS_PROXY")),
    ("SOKHAN_SITE_URL", urlsplit(SOKHAN_SITE_URL).hostname not in {None, *LOOPBACK_HOSTS}),
] if public]
# (SOKHAN_CLIENT_IP_HEADER stays allowed: tests/test_scale_out.py plays many visitors
# on one machine with it.)
if _PUBLIC:
    raise ImproperlyConfigured(
        "sokhan.bench_settings gives away every CAPTCHA's answer, so it serves no proxy and "
        f"no public name; {', '.join(_PUBLIC)} says this site has them. Use sokhan.settings.")

SOKHAN_CAPTCHA_TEST_HOOK = True
