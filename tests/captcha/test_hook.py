"""The test-only answer hook exists only where a test or bench settings module puts it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sokhan import conf


def hook_under(environment: dict[str, str], module: str = "sokhan.settings") -> str:
    code = ("import django; from django.conf import settings; django.setup(); "
            "print(settings.SOKHAN_CAPTCHA_TEST_HOOK)")
    env = {**os.environ, **environment, "DJANGO_SETTINGS_MODULE": module}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True).stdout.strip()


def test_no_environment_variable_can_switch_the_hook_on(tmp_path):
    tries = {name: "true" for name in ("SOKHAN_CAPTCHA_TEST_HOOK", "SOKHAN_TEST_HOOK",
                                       "SOKHAN_DEBUG", "SOKHAN_CAPTCHA")}
    tries["SOKHAN_DATA_DIR"] = str(tmp_path)
    assert hook_under(tries) == "False"
    assert "SOKHAN_CAPTCHA_TEST_HOOK" not in {s.name for s in conf.SETTINGS}


def test_only_the_bench_settings_module_has_it(tmp_path):
    assert hook_under({"SOKHAN_DATA_DIR": str(tmp_path)}, "sokhan.bench_settings") == "True"


@pytest.mark.django_db
def test_without_the_hook_no_answer_leaves_the_server(client, make_statement, settings):
    settings.SOKHAN_CAPTCHA_TEST_HOOK = False
    statement = make_statement()
    response = client.post(statement.get_absolute_url() + "comments/",
                           {"comment": "x", "save": "1"})
    assert "X-Sokhan-Test-Answer" not in response
    assert "answer" not in client.get("/en/captcha/new.json").json()


def test_the_bench_settings_refuse_a_site_with_a_public_name(tmp_path):
    with pytest.raises(subprocess.CalledProcessError) as refused:
        hook_under({"SOKHAN_DATA_DIR": str(tmp_path),
                    "SOKHAN_ALLOWED_HOSTS": "127.0.0.1,statements.example.org"},
                   "sokhan.bench_settings")
    assert "statements.example.org" in refused.value.stderr
    assert "ImproperlyConfigured" in refused.value.stderr


@pytest.mark.parametrize(("name", "value"), [
    ("SOKHAN_BEHIND_HTTPS_PROXY", "true"),
    ("SOKHAN_SITE_URL", "https://statements.example.org"),
])
def test_the_bench_settings_refuse_a_site_behind_a_proxy(tmp_path, name, value):
    # A proxy that passes "Host: 127.0.0.1" on would have brought the public to a site whose
    # allowed names are all loopback ones (security review).
    with pytest.raises(subprocess.CalledProcessError) as refused:
        hook_under({"SOKHAN_DATA_DIR": str(tmp_path), name: value}, "sokhan.bench_settings")
    assert name in refused.value.stderr


def test_the_bench_settings_take_a_site_address_on_this_machine(tmp_path):
    assert hook_under({"SOKHAN_DATA_DIR": str(tmp_path),
                       "SOKHAN_SITE_URL": "http://127.0.0.1:8000"}, "sokhan.bench_settings") == "True"
