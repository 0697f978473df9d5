"""How a fan becomes known: guest, social popup, email link, brand token, signed_request."""

from app.identity import fan_providers


def init_app(app) -> None:
    """Register fan sign-in: the providers from the environment and the sign-in routes."""
    from app.identity.fan_views import bp

    fan_providers.init_app(app)
    app.register_blueprint(bp)
