"""Prize winners of every kind: fulfilment records, the fan's claim form, the winners CSV."""

from app.winners import claim_views


def init_app(app) -> None:
    app.register_blueprint(claim_views.bp)
