"""The jury's rules: who judges a contest, what each juror may see and score, blind.

A juror is a member of the brand's team. They never see an entry's author or its votes, and
never get entries of their own or of the household members they declare by email; a score
they gave before declaring someone is left out of the results for the same reason.
Services flush, never commit.
"""

import re

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from app.console.services import Invalid
from app.extensions import db
from app.identity.staff_accounts import normalise_email
from app.models import Brand, Campaign, FanProfile, Membership, User, utcnow
from contests.photo.errors import row_id
from contests.photo.jury_models import (
    SCORE_MAX,
    SCORE_MIN,
    ContestWinner,
    HouseholdMember,
    Juror,
    JuryScore,
)
from contests.photo.models import PhotoEntry
from contests.photo.settings import KIND_KEY as PHOTO_KIND

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
EMAIL_MAX = 320


def winners_published(campaign: Campaign) -> bool:
    return db.session.scalar(select(exists().where(ContestWinner.campaign_id == campaign.id)))


def _refuse_if_published(campaign: Campaign, field: str) -> None:
    if winners_published(campaign):
        raise Invalid({field: _("The winners are published: the jury's work is final.")})


# Jurors, as the brand's managers see them.


def jurors(campaign: Campaign) -> list[tuple[Juror, int]]:
    """The contest's jurors, each with how many entries they have scored."""
    scored = (
        select(func.count())
        .where(JuryScore.juror_id == Juror.id)
        .correlate(Juror)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Juror, scored)
        .join(User, User.id == Juror.user_id)
        .where(Juror.campaign_id == campaign.id)
        .order_by(User.email, Juror.id)
    )
    return [(juror, count) for juror, count in rows]


def candidates(campaign: Campaign) -> list[User]:
    """Members of the brand's team who are not on this contest's jury yet."""
    seated = select(Juror.user_id).where(Juror.campaign_id == campaign.id)
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.brand_id == campaign.brand_id, User.id.not_in(seated))
            .order_by(User.email)
        )
    )


def seat_juror(campaign: Campaign, user_id) -> Juror:
    """Put a member of the brand's team on the contest's jury."""
    _refuse_if_published(campaign, "user_id")
    user_id = row_id(user_id)
    if user_id is None:
        raise Invalid({"user_id": _("Pick a member of the team.")})
    member = db.session.scalar(
        select(Membership).where(
            Membership.brand_id == campaign.brand_id, Membership.user_id == user_id
        )
    )
    if member is None:
        raise Invalid({"user_id": _("Only members of the brand's team can sit on the jury.")})
    if juror_of(campaign, user_id) is not None:
        raise Invalid({"user_id": _("This member is already on the jury.")})
    juror = Juror(campaign_id=campaign.id, user_id=user_id)
    db.session.add(juror)
    db.session.flush()
    return juror


def unseat_juror(campaign: Campaign, juror_id: int) -> Juror | None:
    """Take a juror off the jury with their scores; None if they are not on this jury."""
    if row_id(juror_id) is None:
        return None
    juror = db.session.scalar(
        select(Juror).where(Juror.id == juror_id, Juror.campaign_id == campaign.id)
    )
    if juror is None:
        return None
    _refuse_if_published(campaign, "user_id")
    db.session.delete(juror)
    db.session.flush()
    return juror


# A juror's own pages.


def juror_of(campaign: Campaign, user_id: int) -> Juror | None:
    return db.session.scalar(
        select(Juror).where(Juror.campaign_id == campaign.id, Juror.user_id == user_id)
    )


def contests_to_judge(brand: Brand, user_id: int) -> list[tuple[Campaign, bool]]:
    """The brand's photo contests this member judges, each with whether winners are out."""
    published = exists().where(ContestWinner.campaign_id == Campaign.id)
    rows = db.session.execute(
        select(Campaign, published)
        .join(Juror, Juror.campaign_id == Campaign.id)
        .where(
            Campaign.brand_id == brand.id,
            Campaign.kind == PHOTO_KIND,
            Juror.user_id == user_id,
        )
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    return [(campaign, done) for campaign, done in rows]


def household(juror: Juror) -> list[HouseholdMember]:
    return list(
        db.session.scalars(
            select(HouseholdMember)
            .where(HouseholdMember.juror_id == juror.id)
            .order_by(HouseholdMember.email)
        )
    )


def declare_household_member(juror: Juror, email: str) -> HouseholdMember:
    """Record that the juror lives with the person behind this email."""
    email = normalise_email(email)
    if not EMAIL.fullmatch(email) or len(email) > EMAIL_MAX:
        raise Invalid({"email": _("Enter the email address your household member uses.")})
    if email == normalise_email(juror.user.email):
        raise Invalid({"email": _("That is your own email: your own entries are skipped anyway.")})
    taken = db.session.scalar(
        select(HouseholdMember.id).where(
            HouseholdMember.juror_id == juror.id, HouseholdMember.email == email
        )
    )
    if taken is not None:
        raise Invalid({"email": _("You have already declared this person.")})
    member = HouseholdMember(juror_id=juror.id, email=email)
    db.session.add(member)
    db.session.flush()
    return member


def withdraw_household_member(juror: Juror, member_id: int) -> HouseholdMember | None:
    if row_id(member_id) is None:
        return None
    member = db.session.scalar(
        select(HouseholdMember).where(
            HouseholdMember.id == member_id, HouseholdMember.juror_id == juror.id
        )
    )
    if member is not None:
        db.session.delete(member)
        db.session.flush()
    return member


def conflict_of_interest() -> ColumnElement[bool]:
    """True where Juror may not judge PhotoEntry (whose fan is FanProfile, user User)."""
    declared = exists().where(
        HouseholdMember.juror_id == Juror.id, HouseholdMember.email == User.email
    )
    return or_(FanProfile.user_id == Juror.user_id, declared)


def _judgeable(juror: Juror):
    """Entries (with the juror's score, if any) this juror may score."""
    return (
        select(PhotoEntry, JuryScore.score)
        .join(FanProfile, FanProfile.id == PhotoEntry.fan_id)
        .join(User, User.id == FanProfile.user_id)
        .join(Juror, Juror.campaign_id == PhotoEntry.campaign_id)
        .outerjoin(
            JuryScore, and_(JuryScore.juror_id == Juror.id, JuryScore.entry_id == PhotoEntry.id)
        )
        .where(Juror.id == juror.id, PhotoEntry.status == "approved", not_(conflict_of_interest()))
    )


def scoring_queue(juror: Juror) -> list[tuple[PhotoEntry, int | None]]:
    """Approved entries the juror may score, those still unscored first, oldest first."""
    query = _judgeable(juror).order_by(JuryScore.score.is_not(None), PhotoEntry.id)
    return [(entry, score) for entry, score in db.session.execute(query)]


def score_entry(juror: Juror, entry_id, score) -> None:
    """Give (or change) the juror's score of one entry, until the winners are published."""
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = None
    if score is None or not SCORE_MIN <= score <= SCORE_MAX:
        raise Invalid(
            {
                "score": _(
                    "Pick a score from %(least)s to %(most)s.", least=SCORE_MIN, most=SCORE_MAX
                )
            }
        )
    entry_id = row_id(entry_id)
    campaign = db.session.scalar(
        # Shared lock: publishing (FOR UPDATE) waits for scores in flight, and scores after it.
        select(Campaign).where(Campaign.id == juror.campaign_id).with_for_update(read=True)
    )
    _refuse_if_published(campaign, "score")
    if (
        entry_id is None
        or db.session.execute(_judgeable(juror).where(PhotoEntry.id == entry_id)).first() is None
    ):
        raise Invalid({"score": _("This entry is not one you can score.")})
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    statement = insert(JuryScore).values(
        campaign_id=juror.campaign_id,
        juror_id=juror.id,
        entry_id=entry_id,
        score=score,
        scored_at=now,
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["juror_id", "entry_id"], set_={"score": score, "scored_at": now}
        )
    )
