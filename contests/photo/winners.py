"""Winners of a photo contest: by public votes, by the jury, or a blend the brand weights.

The rules (method, weight, counts) live in winner_rules.py; here are the standings and
publishing.

Standings are computed from the rows every time, never from counters: votes are confirmed
photo_vote rows (a guest's count once they sign in) of fans not flagged for fraud, jury
scores those of jurors without a conflict of interest, and entries of flagged fans are held
out. So clearing a flag restores exactly what the fan had. Publishing freezes the winners
and ends the jury's work.
"""

from dataclasses import dataclass, replace
from fractions import Fraction

from flask_babel import gettext, lazy_gettext, ngettext
from sqlalchemy import func, not_, select

from app.console.services import Invalid
from app.engagement.record import record
from app.engagement.types import EventType
from app.extensions import db
from app.models import Campaign, FanProfile, User
from contests.photo.guest_votes import provisional_counts
from contests.photo.jury import conflict_of_interest, winners_published
from contests.photo.jury_models import ContestWinner, Juror, JuryScore
from contests.photo.models import PhotoEntry, PhotoVote
from contests.photo.winner_rules import WinnerRules, read_rules

CONTEST_WON = EventType(
    "contest_won", "creation", 100, traits={"win"}, label=lazy_gettext("Contest won")
)


@dataclass(frozen=True)
class Standing:
    """One approved entry's place: its counted votes and jury scores, and what it ranks by."""

    entry: PhotoEntry
    author: str
    votes: int
    jury_count: int
    jury_mean: Fraction | None
    # Guests' votes, shown beside the count and not in it until each guest signs in.
    provisional: int = 0
    score: Fraction | None = None
    rank: int | None = None
    # Why the entry is not ranked, or how a tie with the entry above it was broken.
    held_out: str = ""
    tie_note: str = ""

    @property
    def shown_score(self) -> str:
        if self.score is None:
            return ""
        return f"{float(self.score):.3f}".rstrip("0").rstrip(".")


def _counted_votes(campaign: Campaign) -> dict[int, int]:
    """Confirmed votes per entry, from voters who are not flagged for fraud."""
    rows = db.session.execute(
        select(PhotoVote.entry_id, func.count())
        .join(FanProfile, FanProfile.id == PhotoVote.fan_id)
        .where(
            PhotoVote.campaign_id == campaign.id,
            PhotoVote.provisional.is_(False),
            FanProfile.fraud_flagged.is_(False),
        )
        .group_by(PhotoVote.entry_id)
    )
    return {entry_id: count for entry_id, count in rows}


def _counted_scores(campaign: Campaign) -> dict[int, tuple[int, int]]:
    """(number, sum) of jury scores per entry, leaving out jurors with a conflict of interest."""
    rows = db.session.execute(
        select(JuryScore.entry_id, func.count(), func.sum(JuryScore.score))
        .join(Juror, Juror.id == JuryScore.juror_id)
        .join(PhotoEntry, PhotoEntry.id == JuryScore.entry_id)
        .join(FanProfile, FanProfile.id == PhotoEntry.fan_id)
        .join(User, User.id == FanProfile.user_id)
        .where(JuryScore.campaign_id == campaign.id, not_(conflict_of_interest()))
        .group_by(JuryScore.entry_id)
    )
    return {entry_id: (count, int(total)) for entry_id, count, total in rows}


def standings(campaign: Campaign, rules: WinnerRules) -> list[Standing]:
    """Every approved entry: the ranked ones in order, then those held out and why."""
    votes = _counted_votes(campaign)
    provisional = provisional_counts(PhotoVote.campaign_id == campaign.id)
    scores = _counted_scores(campaign)
    entries = db.session.execute(
        select(PhotoEntry, FanProfile.fraud_flagged, User.display_name)
        .join(FanProfile, FanProfile.id == PhotoEntry.fan_id)
        .join(User, User.id == FanProfile.user_id)
        .where(PhotoEntry.campaign_id == campaign.id, PhotoEntry.status == "approved")
        .order_by(PhotoEntry.id)
    )
    candidates, held = [], []
    for entry, flagged, author in entries:
        count, total = scores.get(entry.id, (0, 0))
        standing = Standing(
            entry=entry,
            author=author,
            votes=votes.get(entry.id, 0),
            provisional=provisional.get(entry.id, 0),
            jury_count=count,
            jury_mean=Fraction(total, count) if count else None,
        )
        if flagged:
            reason = gettext(
                "Held out: the fan is flagged for fraud until a moderator clears them."
            )
            held.append(replace(standing, held_out=reason))
        elif rules.method != "votes" and count < rules.min_jurors:
            reason = ngettext(
                "Needs %(num)d jury score to be ranked; has %(count)d.",
                "Needs %(num)d jury scores to be ranked; has %(count)d.",
                rules.min_jurors,
                count=count,
            )
            held.append(replace(standing, held_out=reason))
        else:
            candidates.append(standing)
    return _rank(candidates, rules) + held


def _rank(candidates: list[Standing], rules: WinnerRules) -> list[Standing]:
    most_votes = max((s.votes for s in candidates), default=0)

    def score(standing: Standing) -> Fraction:
        if rules.method == "votes":
            return Fraction(standing.votes)
        if rules.method == "jury":
            return standing.jury_mean
        # Both sides on 0..1: the jury's 1..5 mean, and the votes against the most votes.
        jury = (standing.jury_mean - 1) / 4
        share = Fraction(standing.votes, most_votes) if most_votes else Fraction(0)
        return rules.jury_weight * jury + (1 - rules.jury_weight) * share

    scored = sorted(
        (replace(s, score=score(s)) for s in candidates),
        key=lambda s: (-s.score, -s.votes, s.entry.id),
    )
    ranked = []
    for position, standing in enumerate(scored, start=1):
        above = ranked[-1] if ranked else None
        note = ""
        if above is not None and above.score == standing.score:
            if rules.method != "votes" and above.votes != standing.votes:
                note = gettext(
                    "Same score as #%(rank)s; below it with fewer public votes.", rank=above.rank
                )
            else:
                note = gettext(
                    "Same score as #%(rank)s; below it for entering later.", rank=above.rank
                )
        ranked.append(replace(standing, rank=position, tie_note=note))
    return ranked


def published(campaign: Campaign) -> list[tuple[ContestWinner, PhotoEntry, str]]:
    """The published winners in rank order, with each entry and its author's name."""
    rows = db.session.execute(
        select(ContestWinner, PhotoEntry, User.display_name)
        .join(PhotoEntry, PhotoEntry.id == ContestWinner.entry_id)
        .join(FanProfile, FanProfile.id == PhotoEntry.fan_id)
        .join(User, User.id == FanProfile.user_id)
        .where(ContestWinner.campaign_id == campaign.id)
        .order_by(ContestWinner.rank)
    )
    return [tuple(row) for row in rows]


def publish(campaign: Campaign, user_id: int | None) -> list[ContestWinner]:
    """Freeze the top entries as winners and credit each winning fan with contest_won."""
    # One publisher at a time; scoring holds a shared lock on the same row.
    campaign = db.session.scalar(
        select(Campaign).where(Campaign.id == campaign.id).with_for_update()
    )
    if winners_published(campaign):
        raise Invalid({"publish": gettext("The winners are already published.")})
    if campaign.status != "closed":
        raise Invalid({"publish": gettext("Close the contest before publishing its winners.")})
    rules = read_rules(campaign.settings)
    ranked = [s for s in standings(campaign, rules) if s.rank is not None]
    if not ranked:
        raise Invalid(
            {"publish": gettext("No entry can win yet: none is ranked under these rules.")}
        )
    winners = []
    for standing in ranked[: rules.winners_count]:
        winner = ContestWinner(
            campaign_id=campaign.id,
            entry_id=standing.entry.id,
            rank=standing.rank,
            method=rules.method,
            score=standing.shown_score,
            published_by_id=user_id,
        )
        db.session.add(winner)
        winners.append(winner)
        record(
            standing.entry.fan,
            CONTEST_WON.key,
            campaign=campaign,
            ref=f"photo_entry:{standing.entry.id}",
            key=f"contest_won:{campaign.id}:{standing.entry.id}",
        )
    db.session.flush()
    return winners
