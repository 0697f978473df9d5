"""Social sign-in providers for fans, from the FAN_OAUTH_PROVIDERS setting, one client per app.

app/config.py builds the setting from the environment: Google and Facebook have their own
variables; any OpenID Connect provider is added with SUPERFAN_OIDC_<NAME>_CLIENT_ID,
_CLIENT_SECRET and _METADATA_URL (and an optional _LABEL).
Every client uses PKCE (S256); Authlib checks the state and, for OpenID Connect, the nonce
and the id_token's signature. Clients are built per app (not in the process-wide `oauth`
registry) so that two apps in one process never share a provider's settings.
"""

from dataclasses import dataclass, field

from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import Flask, current_app

EXTENSION_KEY = "superfan.fan_providers"
FACEBOOK_GRAPH = "https://graph.facebook.com/v19.0/"


@dataclass
class Provider:
    name: str
    label: str
    kind: str  # "oidc" or "facebook"
    client: FlaskOAuth2App = field(repr=False)


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
    providers = {}
    for name, settings in (app.config.get("FAN_OAUTH_PROVIDERS") or {}).items():
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


def providers() -> list[Provider]:
    return list(current_app.extensions.get(EXTENSION_KEY, {}).values())


def get_provider(name: str) -> Provider | None:
    return current_app.extensions.get(EXTENSION_KEY, {}).get(name)
