"""How a fan becomes known: guest, social popup, email link, brand token, signed_request."""

from app.identity import fan_email_views, fan_iframe_views, fan_popup_views, fan_providers
from app.identity.fan_auth import bp

# Each of these adds its routes to bp as it is imported: all are, before bp is registered.
ROUTE_MODULES = (fan_popup_views, fan_email_views, fan_iframe_views)


def init_app(app) -> None:
    """Register fan sign-in: the providers from the environment and the sign-in routes."""
    fan_providers.init_app(app)
    app.register_blueprint(bp)
