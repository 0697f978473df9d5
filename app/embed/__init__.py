"""Fan-facing iframe and hosted pages, the embed.js contract, and the hooks that apply the
fan cookie and framing policy (app/fanpage) to every fan path."""

from flask import request
from flask_wtf.csrf import CSRFError

from app import i18n
from app.embed import context
from app.embed.views import bp
from app.fanpage import cookies, framing
from app.fanpage.messages import session_expired

FAN_BLUEPRINTS = ("embed", "fan_auth")


def init_app(app) -> None:
    """Register the fan pages' blueprints and hooks."""
    cookies.init_app(app)
    i18n.init_app(app)
    app.config.setdefault("DEMO_HOST", _demo_host_default(app))
    app.register_blueprint(bp)

    @app.errorhandler(CSRFError)
    def _fan_csrf(error):
        # Blueprints (the console's) keep their own handler; fan paths get the fan's message.
        return session_expired() if cookies.is_fan_path(request.path) else error

    def _fan_request():
        if cookies.is_fan_path(request.path):
            context.before_fan_request()

    # First of all hooks: a request refused by the CSRF check still knows its brand and language.
    app.before_request_funcs.setdefault(None, []).insert(0, _fan_request)

    @app.after_request
    def _fan_headers(response):
        if cookies.is_fan_path(request.path):
            framing.apply_headers(response)
        return response

    @app.context_processor
    def _fan_template_context():
        fan_page = cookies.is_fan_path(request.path) or request.blueprint in FAN_BLUEPRINTS
        return context.template_context() if fan_page else {}


def _demo_host_default(app) -> bool:
    """The demo host page mints brand tokens for the demo brand: on only for local trials."""
    setting = app.config.get("DEMO_HOST_SETTING")
    if setting is not None:
        return setting
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
