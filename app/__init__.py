"""The Superfan platform core; create_app is the only app factory."""

import importlib
import logging
from pathlib import Path

from flask import Flask

from app import (
    analytics,
    badges,
    campaigns,
    config,
    console,
    demo,
    embed,
    errors,
    fraud,
    health,
    i18n,
    identity,
    media,
    ratelimits,
    redisclient,
    routing,
    winners,
)
from app import sqlite as _sqlite_rules  # noqa: F401 - importing registers the connection rules
from app.engagement import types as event_types
from app.extensions import babel, csrf, db, limiter, login_manager, migrate, oauth

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app from the environment, then apply `overrides` (tests, benches)."""
    instance_path = config.instance_path()
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config.from_environment(instance_path))
    app.config.from_mapping(overrides or {})
    engine_options = config.engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options,
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(levelname)s %(name)s: %(message)s")
    config.warn_unknown_keys()
    routing.init_app(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    redisclient.init_app(app)
    # Redis's counters, or this process's while Redis fails (app/ratelimits.py).
    app.config.setdefault("RATELIMIT_STORAGE_URI", ratelimits.storage_uri(app.config["REDIS_URL"]))
    limiter.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    oauth.init_app(app)
    event_types.init_app(app)
    campaigns.init_app(app)
    media.init_app(app)
    identity.init_app(app)
    embed.init_app(app)
    console.init_app(app)
    badges.init_app(app)
    fraud.init_app(app)
    winners.init_app(app)
    analytics.init_app(app)
    errors.init_app(app)
    health.init_app(app)
    # The core knows kinds only through the registry, so it names their packages, not imports.
    for package in app.config["KIND_PACKAGES"]:
        importlib.import_module(package).register(app)

    @app.get("/")
    def front_door():
        """What this server is, and the ways in: the console, the demo, the documentation."""
        demo_host = None
        if app.config.get("DEMO_HOST"):
            # On the app's other loopback name, so the iframe in it is really third-party.
            demo_host = f"{demo.demo_host_origin()}/demo/host"
        return errors.site_page("site/front.html", demo_host=demo_host)

    return app
