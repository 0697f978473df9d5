"""Events -> points -> leaderboards -> super-fan ranking -> exports. Depends on models only."""

from app.engagement.record import record

__all__ = ["record"]
