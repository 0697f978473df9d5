"""Campaign kinds that fans enter: photo contests, sweepstakes; voting; draws."""

from app.campaigns import register_kind
from app.engagement.merge import register_merge_step
from app.fraud.decisions import flag_changed
from app.identity.fan_signin import guest_claimed
from contests.photo import fraud_flags as photo_fraud_flags
from contests.photo import guest_votes as photo_guest_votes
from contests.photo import jury_views as photo_jury
from contests.photo.kinds import PHOTO
from contests.sweepstakes import cli as sweepstakes_cli
from contests.sweepstakes.kinds import SWEEPSTAKES

KINDS = (PHOTO, SWEEPSTAKES)


def register(app) -> None:
    """Add the contest kinds to the app's kind registry."""
    for kind in KINDS:
        register_kind(app, kind)
    app.cli.add_command(sweepstakes_cli.contests)
    photo_jury.init_app(app)
    flag_changed.connect(photo_fraud_flags.follow_flag, sender=app, weak=False)
    register_merge_step(app, photo_guest_votes.merge_votes)
    guest_claimed.connect(photo_guest_votes.confirm, sender=app, weak=False)
