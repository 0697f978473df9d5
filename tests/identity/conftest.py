"""Fixtures for a fan's sign-in, session and joining: the fan side's app (with the local
OpenID Connect provider of oidc_provider.py), its brands and campaign, from tests/embed."""

from tests.embed.conftest import app, brand, campaign, client, oidc, other_brand  # noqa: F401
