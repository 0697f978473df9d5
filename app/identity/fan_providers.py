"""Social sign-in providers for fans, configured from the environment, one client per app.

Google and Facebook have their own variables; any OpenID Connect provider is added with
SUPERFAN_OIDC_<NAME>_CLIENT_ID, _CLIENT_SECRET and _METADATA_URL (and an optional _LABEL).
Every client uses PKCE (S256); Authlib checks the state and, for OpenID Connect, the nonce
and the id_token's signature. Clients are built per app (not in the process-wide `oauth`
registry) so that two apps in one process never share a provider's settings.
"""

import os
import re
from dataclasses import dataclass, field

from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import Flask, current_app

EXTENSION_KEY = "superfan.fan_providers"
GOOGLE_METADATA = "https://accounts.google.com/.well-known/openid-configuration"
FACEBOOK_GRAPH = "https://graph.facebook.com/v19.0/"
OIDC_VARIABLE = re.compile(r"^SUPERFAN_OIDC_([A-Z0-9]+)_CLIENT_ID$")


@dataclass
class Provider:
    name: str
    label: str
    kind: str  # "oidc" or "facebook"
    client: FlaskOAuth2App = field(repr=False)


def settings_from_environment(environ=os.environ) -> dict:
    """{name: settings} for every provider the environment configures."""
    providers = {}
    if environ.get("SUPERFAN_GOOGLE_CLIENT_ID"):
        providers["google"] = {
            "label": "Google",
            "kind": "oidc",
            "client_id": environ["SUPERFAN_GOOGLE_CLIENT_ID"],
            "client_secret": environ.get("SUPERFAN_GOOGLE_CLIENT_SECRET"),
            "server_metadata_url": GOOGLE_METADATA,
        }
    if environ.get("SUPERFAN_FACEBOOK_CLIENT_ID"):
        providers["facebook"] = {
            "label": "Facebook",
            "kind": "facebook",
            "client_id": environ["SUPERFAN_FACEBOOK_CLIENT_ID"],
            "client_secret": environ.get("SUPERFAN_FACEBOOK_CLIENT_SECRET"),
        }
    for variable in sorted(environ):
        match = OIDC_VARIABLE.match(variable)
        if not match:
            continue
        prefix = f"SUPERFAN_OIDC_{match[1]}_"
        name = match[1].lower()
        providers[name] = {
            "label": environ.get(prefix + "LABEL") or match[1].title(),
            "kind": "oidc",
            "client_id": environ[variable],
            "client_secret": environ.get(prefix + "CLIENT_SECRET"),
            "server_metadata_url": environ.get(prefix + "METADATA_URL"),
        }
    return providers


def _client(name: str, settings: dict) -> FlaskOAuth2App:
    client_name = f"fan_{name}"
    common = {
        "client_id": settings["client_id"],
        "client_secret": settings.get("client_secret"),
    }
    if settings.get("kind") == "facebook":
        return FlaskOAuth2App(
            FlaskIntegration(client_name),
            client_name,
            authorize_url=settings.get(
                "authorize_url", "https://www.facebook.com/v19.0/dialog/oauth"
            ),
            access_token_url=settings.get(
                "access_token_url", FACEBOOK_GRAPH + "oauth/access_token"
            ),
            api_base_url=settings.get("api_base_url", FACEBOOK_GRAPH),
            client_kwargs={"scope": "public_profile email", "code_challenge_method": "S256"},
            **common,
        )
    return FlaskOAuth2App(
        FlaskIntegration(client_name),
        client_name,
        server_metadata_url=settings["server_metadata_url"],
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
        **common,
    )


def init_app(app: Flask) -> None:
    configured = app.config.get("FAN_OAUTH_PROVIDERS")
    if configured is None:
        configured = settings_from_environment()
    providers = {}
    for name, settings in configured.items():
        if settings.get("kind", "oidc") == "oidc" and not settings.get("server_metadata_url"):
            app.logger.warning("Fan sign-in provider %s has no metadata URL; skipped", name)
            continue
        providers[name] = Provider(
            name=name,
            label=settings.get("label") or name.title(),
            kind=settings.get("kind", "oidc"),
            client=_client(name, settings),
        )
    app.extensions[EXTENSION_KEY] = providers
    app.config.setdefault(
        "FACEBOOK_APP_SECRET",
        os.environ.get("SUPERFAN_FACEBOOK_APP_SECRET")
        or os.environ.get("SUPERFAN_FACEBOOK_CLIENT_SECRET"),
    )


def providers() -> list[Provider]:
    return list(current_app.extensions.get(EXTENSION_KEY, {}).values())


def get_provider(name: str) -> Provider | None:
    return current_app.extensions.get(EXTENSION_KEY, {}).get(name)
