"""The command line as users drive it: exit codes, one-line errors, JSON Lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def talentbot(*args: str, env: dict[str, str] | None = None, stdin: str = "", cwd: Path | None = None):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TALENTBOT_", "SLACK_", "DISCORD_"))}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TALENTBOT_HTTP_PORT": "80a"}, 'TALENTBOT_HTTP_PORT: not a port: "80a"'),
        (
            {"TALENTBOT_DATABASE_URL": "mysql://db"},
            "TALENTBOT_DATABASE_URL: not a sqlite:/// or postgresql://",
        ),
        ({"DISCORD_TEST_GUILD": "abc"}, "DISCORD_TEST_GUILD:"),
    ],
)
def test_a_bad_environment_value_exits_2_naming_it(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    result = talentbot("run", "--once", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[sources]\nname='x'", "not valid TOML"),
        ("[[sources]]\nname='x'\nurl='http://a.example/'\ninterval='5x'", "sources[0].interval"),
        ("[digest]\ntimezone='Mars/Olympus'", "digest.timezone: not an IANA time zone"),
        ("[alerts]\nmin_confidence=3", "alerts.min_confidence"),
        ("[alerts]\nmax_per_hr=3", "alerts.max_per_hr: unknown setting"),
    ],
)
def test_a_malformed_config_file_exits_2_naming_the_setting(tmp_path: Path, text: str, expected: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text)
    result = talentbot("run", "--once", "--config", str(config), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr and str(config) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert talentbot("frobnicate", cwd=tmp_path).returncode == 2
    assert talentbot("eval", str(tmp_path / "missing.jsonl"), cwd=tmp_path).returncode == 2


def test_classify_writes_only_json_lines_in_order(tmp_path: Path) -> None:
    lines = [
        {
            "id": "s",
            "title": "AWS vice president for generative AI Vasi Philomin leaves Amazon",
            "summary": "He left in June.",
        },
        {"id": "n", "title": "Nvidia stock jumps 5% after earnings"},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    result = talentbot("classify", "-", stdin=stdin, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["s", "n"]
    assert out[0]["talent"] is True and "Amazon" in out[0]["companies"] and out[0]["why"]
    assert out[1]["talent"] is False and out[1]["investment"] is False
    assert set(out[0]) == {"id", "talent", "investment", "companies", "people", "confidence", "why"}


def test_db_upgrade_then_run_once_on_an_empty_config(tmp_path: Path) -> None:
    env = {"TALENTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    config = tmp_path / "empty.toml"
    config.write_text("")
    upgrade = talentbot("db", "upgrade", env=env, cwd=tmp_path)
    assert upgrade.returncode == 0, upgrade.stderr
    assert (tmp_path / "x.db").exists()
    once = talentbot("run", "--once", "--config", str(config), env=env, cwd=tmp_path)
    assert once.returncode == 0, once.stderr
