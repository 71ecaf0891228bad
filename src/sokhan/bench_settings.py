"""Settings for benchmarks and end-to-end tests ONLY: the CAPTCHA reveals its answers.

Start a server with DJANGO_SETTINGS_MODULE=sokhan.bench_settings to let a load generator
or a browser test solve challenges (the answer comes in the X-Sokhan-Test-Answer header).
Production uses sokhan.settings, where no environment variable can switch this on.
"""

from sokhan.settings import *  # noqa: F403

SOKHAN_CAPTCHA_TEST_HOOK = True
