"""Staff login, fan login (OAuth via Authlib, email link, guest), embed handoff."""

from app.identity import fans, staff


def init_app(app) -> None:
    """Register the staff and fan identity blueprints and hooks."""
    staff.init_app(app)
    fans.init_app(app)
