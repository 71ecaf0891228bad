"""The systemd unit and its settings file, as deploy.md installs them."""

from __future__ import annotations

import re
from pathlib import Path

from sokhan import conf

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_every_name_in_the_settings_file_is_a_setting_sokhan_reads():
    # Written out of the examples, commented ones included: a misspelt name is silently
    # ignored, and the site runs on the default.
    written = (DEPLOY / "sokhan.env").read_text()
    names = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", written, re.MULTILINE)
    known = {setting.name for setting in conf.SETTINGS}
    assert names and set(names) <= known, set(names) - known
    # Each value in single quotes, which systemd and sh both read literally.
    values = re.findall(r"^#?\s*[A-Z][A-Z0-9_]+=(.*)$", written, re.MULTILINE)
    assert all(re.fullmatch(r"'[^']*'", value) for value in values), values


def test_the_unit_keeps_its_settings_out_of_systemctl_show():
    # Environment= lines are shown to every local user, the database password with them.
    unit = (DEPLOY / "sokhan.service").read_text()
    assert "EnvironmentFile=/etc/sokhan.env" in unit
    assert not re.search(r"^\s*Environment=", unit, re.MULTILINE)
