"""Settings from the environment (and `.env`), exactly as named in the contract.

A wrong value raises `ConfigError` with one line naming the variable, e.g.
`TALENTBOT_HTTP_PORT: not a port: "80a"`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    config_path: Path = Field(default=Path("config/talentbot.toml"), alias="TALENTBOT_CONFIG")
    database_url: str = Field(default="sqlite:///data/talentbot.db", alias="TALENTBOT_DATABASE_URL")
    http_host: str = Field(default="127.0.0.1", alias="TALENTBOT_HTTP_HOST")
    http_port: int = Field(default=8080, alias="TALENTBOT_HTTP_PORT")
    log_format: str = Field(default="text", alias="TALENTBOT_LOG_FORMAT")  # text | json
    log_level: str = Field(default="INFO", alias="TALENTBOT_LOG_LEVEL")
    instance_name: str = Field(default="", alias="TALENTBOT_INSTANCE")
    # Which chat connections this instance holds (Slack Socket Mode, Discord gateway); every
    # instance polls and delivers. "all" or a comma list of "slack", "discord", "none".
    connections: str = Field(default="all", alias="TALENTBOT_CONNECTIONS")

    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, alias="SLACK_CLIENT_SECRET")

    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    discord_api_url: str = Field(default="https://discord.com/api/v10", alias="DISCORD_API_URL")
    discord_gateway_url: str | None = Field(default=None, alias="DISCORD_GATEWAY_URL")
    discord_test_guild: int | None = Field(default=None, alias="DISCORD_TEST_GUILD")
    discord_shard_count: int | None = Field(default=None, alias="DISCORD_SHARD_COUNT")

    sec_user_agent: str | None = Field(default=None, alias="TALENTBOT_SEC_USER_AGENT")

    @field_validator("http_port", mode="before")
    @classmethod
    def _port(cls, value: Any) -> int:
        text = str(value).strip()
        if not text.isdigit() or not 0 < int(text) < 65536:
            raise ValueError(f"not a port: {str(value)!r}".replace("'", '"'))
        return int(text)

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError(f'not a sqlite:/// or postgresql:// URL: "{value}"')
        return value

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value not in ("text", "json"):
            raise ValueError(f'not "text" or "json": "{value}"')
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _slack_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f'not an http(s) URL: "{value}"')
        return value if value.endswith("/") else value + "/"  # slack_sdk joins method names onto it

    @field_validator("discord_api_url")
    @classmethod
    def _discord_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f'not an http(s) URL: "{value}"')
        return value.rstrip("/")

    def holds_connection(self, platform: str) -> bool:
        wanted = {part.strip() for part in self.connections.split(",")}
        return "all" in wanted or platform in wanted


def load_settings(**overrides: Any) -> Settings:
    """Read settings; turn the first validation problem into a one-line `ConfigError`."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_first_problem(exc, Settings)) from None


def _first_problem(exc: ValidationError, model: type[BaseSettings]) -> str:
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else "settings"
    info = model.model_fields.get(field)
    name = info.alias if info is not None and info.alias else field
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] != "value_error":
        message = f'{message}: "{err.get("input")}"'
    return f"{name}: {message}"
