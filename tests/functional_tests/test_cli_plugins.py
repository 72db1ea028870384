"""`comptoir plugins list` and `channels list` as a user runs them, broken plugins installed."""

from __future__ import annotations

import json

from plugins.registry import CHANNELS, ORDER_SOURCES
from plugins.testing import InstalledPlugins
from tests.support import CliRunner

BROKEN = {
    "needs_a_missing_library.py": "import comptoir_no_such_library\n",
    "dies_at_import.py": "import os\nos._exit(3)\n",
    "old_channel.py": (
        "from plugins.api import Channel\n\n"
        "class OldChannel(Channel):\n"
        "    name = 'old'\n    label = 'Written for API 0.9'\n    api_version = '0.9'\n"
    ),
}


def _install(installed: InstalledPlugins, cli_env: dict[str, str]) -> None:
    installed.entry_point(
        CHANNELS,
        "sms",
        "needs_a_missing_library:SmsChannel",
        "comptoir-sms",
        "0.3.1",
        BROKEN,
    )
    installed.entry_point(
        CHANNELS, "old", "old_channel:OldChannel", "comptoir-old", "0.9"
    )
    cli_env.update(installed.environ(cli_env))


def test_plugins_list_shows_versions_and_survives_broken_plugins(
    comptoir: CliRunner, installed_plugins: InstalledPlugins, cli_env: dict[str, str]
) -> None:
    _install(installed_plugins, cli_env)
    installed_plugins.entry_point(
        ORDER_SOURCES, "prestashop", "dies_at_import:Orders", "comptoir-presta", "2.0"
    )
    cli_env.update(installed_plugins.environ(cli_env))
    done = comptoir("plugins", "list")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "channel\temail\tcomptoir\t0.1.0\tEmail (IMAP and SMTP)" in lines
    assert (
        "channel\tsms\tcomptoir-sms\t0.3.1\tbroken: ModuleNotFoundError: "
        "No module named 'comptoir_no_such_library'"
    ) in lines
    assert (
        "channel\told\tcomptoir-old\t0.9\tbroken: "
        "needs comptoir plugin API 0.9, this comptoir has 1.0"
    ) in lines
    assert (
        "order source\tprestashop\tcomptoir-presta\t2.0\t"
        "broken: its import ended the process (exit 3)"
    ) in lines
    assert "order source\tshopify\tcomptoir\t0.1.0\tShopify order export (CSV)" in lines
    assert done.stderr == ""


def test_plugins_list_json(comptoir: CliRunner) -> None:
    done = comptoir("plugins", "list", "--json")
    found = {p["name"]: p for p in json.loads(done.stdout)}
    assert found["email"] == {
        "kind": "channel",
        "name": "email",
        "distribution": "comptoir",
        "version": "0.1.0",
        "target": "plugins.email.channel:EmailChannel",
        "label": "Email (IMAP and SMTP)",
        "api_version": "1.0",
        "error": None,
    }


def test_channels_list_names_a_broken_channel_plugin_and_goes_on(
    comptoir: CliRunner, installed_plugins: InstalledPlugins, cli_env: dict[str, str]
) -> None:
    _install(installed_plugins, cli_env)
    with open(cli_env["COMPTOIR_CONFIG"], "w") as config:
        config.write(
            '[channels.support]\ntype = "email"\nimap_host = "imap.example.com"\n'
            'username = "shop@example.com"\n\n[channels.phone]\ntype = "sms"\n'
        )
    done = comptoir("channels", "list")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "support\temail\tEmail (IMAP and SMTP)\timap_host=imap.example.com "
        "username=shop@example.com imap_tls=tls folders=INBOX smtp_tls=starttls "
        "allow_plaintext=false poll_interval=60",
        "phone\tsms\tits plugin cannot be loaded (comptoir plugins list)",
    ]
    assert done.stderr.splitlines() == [
        "warning: plugin old (comptoir-old 0.9) is broken: "
        "needs comptoir plugin API 0.9, this comptoir has 1.0",
        "warning: plugin sms (comptoir-sms 0.3.1) is broken: "
        "ModuleNotFoundError: No module named 'comptoir_no_such_library'",
    ]
