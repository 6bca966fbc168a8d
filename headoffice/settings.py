"""The server's settings: from ``POSTLOAN_HO_*`` environment variables, a ``.env``-style
file named by ``POSTLOAN_HO_SETTINGS`` (or ``--settings``), or the command line.

With nothing set, the server runs on its embedded defaults: a SQLite file and a blob folder
in the user data folder, on 127.0.0.1:8765.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from headoffice.accounts import Throttle


def default_data_dir() -> Path:
    return user_data_path("postloan-headoffice", appauthor=False)


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POSTLOAN_HO_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    # SQLAlchemy URL; empty: a SQLite file in data_dir. Production: postgresql+psycopg://…
    database_url: str = ""
    # Blob folder (photos, report PDFs); empty: data_dir/blobs. Shared by every process.
    blob_dir: Path | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=1, le=65535)
    token_hours: float = Field(default=12.0, gt=0)
    # Wrong passwords for one username within the window lock it for the lockout.
    login_max_failures: int = Field(default=5, ge=1)
    login_window_minutes: float = Field(default=15.0, gt=0)
    login_lockout_minutes: float = Field(default=15.0, gt=0)
    log_level: str = "INFO"
    log_json: bool = True
    # The CA certificate report signatures must chain to; empty: data_dir/ca/ca-cert.pem if
    # it exists (signatures are then also checked for trust), else only for integrity.
    ca_certificate: Path | None = None

    def login_throttle(self) -> Throttle:
        from headoffice.accounts import Throttle

        return Throttle(
            max_failures=self.login_max_failures,
            window=dt.timedelta(minutes=self.login_window_minutes),
            lockout=dt.timedelta(minutes=self.login_lockout_minutes),
        )

    def resolved_database_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{self.data_dir / 'headoffice.sqlite3'}"

    def resolved_blob_dir(self) -> Path:
        return self.blob_dir if self.blob_dir is not None else self.data_dir / "blobs"

    def resolved_ca_certificate(self) -> Path | None:
        if self.ca_certificate is not None:
            return self.ca_certificate
        default = self.data_dir / "ca" / "ca-cert.pem"
        return default if default.exists() else None


def load_settings(file: Path | None = None, **overrides: object) -> ServerSettings:
    """Settings from the environment, then ``file`` (KEY=value lines), then ``overrides``
    (the command line's, None meaning "not given")."""
    given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
    if file is not None:
        given["_env_file"] = file
    return ServerSettings(**given)
