"""The ASGI application uvicorn imports in each worker process: settings come from
``POSTLOAN_HO_SETTINGS_JSON`` (set by ``postloan-headoffice serve``) or the environment."""

from __future__ import annotations

import os

from headoffice.app import create_app
from headoffice.settings import ServerSettings

_given = os.environ.get("POSTLOAN_HO_SETTINGS_JSON")
settings = ServerSettings.model_validate_json(_given) if _given else ServerSettings()
if _given:
    from headoffice.logs import setup_logging

    setup_logging(settings.log_level, as_json=settings.log_json)
app = create_app(settings)
