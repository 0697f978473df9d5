"""Campaign kinds that fans enter: photo contests, sweepstakes; voting; draws."""

from app.campaigns import register_kind

KINDS = ()


def register(app) -> None:
    """Add the contest kinds to the app's kind registry."""
    for kind in KINDS:
        register_kind(app, kind)
