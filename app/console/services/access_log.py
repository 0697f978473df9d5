"""The staff access log: every view of a fan's personal data by staff, and who may see emails."""

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app import clock
from app.console.paging import Page, paginate
from app.extensions import db
from app.models import Brand, FanProfile, Membership, User
from app.models.staff_access import ACCESS_KINDS, EmailGrant, StaffAccess

# Roles that see fans' emails; an analyst does when an owner allowed them (EmailGrant).
EMAIL_ROLES = frozenset({"owner", "manager"})
PAGE_SIZE = 50


def log_personal_view(user: User, brand: Brand, fan: FanProfile | int, what: str) -> None:
    """Record that `user` saw `fan`'s personal data (`what`: profile, email, export, contact).

    Added to the caller's transaction: the log row commits with the request that showed it.
    """
    if what not in ACCESS_KINDS:
        raise ValueError(f"unknown personal data {what!r}")
    fan_id = fan if isinstance(fan, int) else fan.id
    db.session.add(
        StaffAccess(
            brand_id=brand.id,
            fan_id=fan_id,
            user_id=user.id,
            actor=user.email or f"user {user.id}",
            what=what,
            created_at=clock.now(),
        )
    )


def access_words() -> dict[str, str]:
    """What each kind of access was, as the log shows it."""
    return {
        "profile": _("opened the fan page"),
        "email": _("opened the fan page, email shown"),
        "export": _("downloaded the fan's row"),
        "contact": _("saw the winner's contact details"),
    }


def sees_emails(user: User, brand: Brand, role: str) -> bool:
    """Whether this member may see fans' emails in this brand."""
    if role in EMAIL_ROLES:
        return True
    if role != "analyst":
        return False
    return (
        db.session.scalar(
            select(EmailGrant.id).where(
                EmailGrant.brand_id == brand.id, EmailGrant.user_id == user.id
            )
        )
        is not None
    )


def analysts(brand: Brand) -> list[tuple[User, bool]]:
    """The brand's analysts, each with whether they may see emails."""
    granted = select(EmailGrant.user_id).where(EmailGrant.brand_id == brand.id)
    rows = db.session.execute(
        select(User, User.id.in_(granted))
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.brand_id == brand.id, Membership.role == "analyst")
        .order_by(User.email)
    )
    return [(user, bool(allowed)) for user, allowed in rows]


def set_email_grant(brand: Brand, analyst_id: int, allowed: bool, by: User) -> None:
    """Allow one analyst of the brand to see emails, or take it back."""
    db.session.execute(
        delete(EmailGrant).where(EmailGrant.brand_id == brand.id, EmailGrant.user_id == analyst_id)
    )
    if allowed:
        db.session.add(
            EmailGrant(
                brand_id=brand.id, user_id=analyst_id, granted_by_id=by.id, created_at=clock.now()
            )
        )


def accesses(brand: Brand, *, fan_id: int | None = None, number: int = 1) -> Page:
    """One page of the brand's log, newest first (one fan's when fan_id), with fans' names."""
    where = [StaffAccess.brand_id == brand.id]
    if fan_id is not None:
        where.append(StaffAccess.fan_id == fan_id)
    return paginate(
        select(StaffAccess, User.display_name)
        .outerjoin(FanProfile, FanProfile.id == StaffAccess.fan_id)
        .outerjoin(User, User.id == FanProfile.user_id)
        .where(*where)
        .order_by(StaffAccess.created_at.desc(), StaffAccess.id.desc()),
        size=PAGE_SIZE,
        number=number,
    )
