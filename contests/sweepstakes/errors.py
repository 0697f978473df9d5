"""SweepstakesRefused: why an entry, an edit or a draw was refused, with a message to act on."""

from app.campaigns.fan_api import FanRefused


class SweepstakesRefused(FanRefused):
    """A refused sweepstakes action."""
