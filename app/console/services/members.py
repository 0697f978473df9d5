"""A brand's team: invitations by email, accepting them, roles, and always at least one owner."""

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import Select, case, func, or_, select

from app import clock
from app.console.paging import contains_pattern
from app.console.roles import role_name
from app.console.services import Invalid, lock_brand
from app.extensions import db
from app.identity.staff_accounts import find_user, password_problem, set_password
from app.mail import valid_address
from app.models import ROLES, Brand, Invitation, Membership, User, utcnow

INVITATION_DAYS = 7
ROLE_ORDER = {role: n for n, role in enumerate(ROLES)}


class InvitationInvalid(Exception):
    """The invitation link cannot be used; the message says why and what to do."""


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def members_query(brand: Brand, text: str = "") -> Select:
    """The brand's members, owners first, then by email; `text` narrows to names or emails."""
    query = (
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.brand_id == brand.id)
        .order_by(case(ROLE_ORDER, value=Membership.role), User.email, Membership.id)
    )
    if text:
        pattern = contains_pattern(text)
        query = query.where(
            or_(
                User.display_name.ilike(pattern, escape="\\"),
                User.email.ilike(pattern, escape="\\"),
            )
        )
    return query


def pending_invitations(brand: Brand) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.brand_id == brand.id, Invitation.accepted_at.is_(None))
            .order_by(Invitation.created_at.desc())
        )
    )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise Invalid({"role": _("Choose one of: %(choices)s.", choices=", ".join(ROLES))})


def invite(brand: Brand, inviter: User, email: str, role: str) -> tuple[Invitation, str]:
    """A fresh invitation (replacing any open one for the address) and its secret token."""
    email = valid_address(email)
    if email is None:
        raise Invalid({"email": _("Enter a valid email address, like name@example.com.")})
    _check_role(role)
    already = db.session.scalar(
        select(Membership.role)
        .join(User, User.id == Membership.user_id)
        .where(Membership.brand_id == brand.id, User.email == email)
    )
    if already:
        raise Invalid(
            {
                "email": _(
                    "%(email)s is already a member (%(role)s); change the role below.",
                    email=email,
                    role=already,
                )
            }
        )
    for old in db.session.scalars(
        select(Invitation).where(
            Invitation.brand_id == brand.id,
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
        )
    ):
        db.session.delete(old)
    db.session.flush()
    token = secrets.token_urlsafe(32)
    now = clock.now()
    invitation = Invitation(
        brand_id=brand.id,
        email=email,
        role=role,
        token_hash=token_digest(token),
        invited_by_id=inviter.id,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def invitation_email(brand: Brand, inviter: User, invitation: Invitation, link: str):
    """The subject and body of the email that carries the invitation link."""
    who = inviter.display_name or inviter.email
    return (
        _("Join %(brand)s on Superfan", brand=brand.name),
        _(
            "%(who)s invites you to the %(brand)s team on Superfan as %(role)s.\n\n"
            "To accept, open this link within %(days)s days:\n%(link)s\n\n"
            "If you did not expect this, ignore this message.",
            who=who,
            brand=brand.name,
            role=role_name(invitation.role),
            days=INVITATION_DAYS,
            link=link,
        ),
    )


def invitation_for(token: str) -> Invitation:
    """The open invitation behind a link, or InvitationInvalid saying why not."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_digest(token))
    )
    if invitation is None:
        raise InvitationInvalid(
            _(
                "This invitation link is not valid (it may have been replaced by a newer one). "
                "Ask the brand's owner to invite you again."
            )
        )
    if invitation.accepted_at is not None:
        raise InvitationInvalid(
            _("This invitation has already been accepted. Sign in to continue.")
        )
    if invitation.expires_at <= clock.now():
        raise InvitationInvalid(
            _("This invitation has expired. Ask the brand's owner to invite you again.")
        )
    return invitation


def accept(invitation: Invitation, user: User) -> Membership:
    """Join the brand as the signed-in user, whose email must be the invited one."""
    if user.email != invitation.email:
        raise Invalid(
            {
                "account": _(
                    "This invitation is for %(invited)s, but you are signed in as %(email)s. "
                    "Sign out, then open the link again.",
                    invited=invitation.email,
                    email=user.email,
                )
            }
        )
    membership = db.session.scalar(
        select(Membership).where(
            Membership.brand_id == invitation.brand_id, Membership.user_id == user.id
        )
    )
    if membership is None:
        membership = Membership(brand_id=invitation.brand_id, user_id=user.id, role=invitation.role)
        db.session.add(membership)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    db.session.flush()
    return membership


def accept_with_new_password(
    invitation: Invitation, display_name: str, password: str, confirm: str
) -> User:
    """Accept for someone without a staff password yet: the emailed link proves the address."""
    user = find_user(invitation.email)
    if user is not None and user.password_hash:
        raise Invalid({"account": _("You already have an account: sign in to accept.")})
    problems = {}
    display_name = display_name.strip()
    if not display_name or len(display_name) > 120:
        problems["display_name"] = _("Enter your name (at most 120 characters).")
    problem = password_problem(password, confirm, invitation.email)
    if problem:
        problems["password"] = problem
    if problems:
        raise Invalid(problems)
    if user is None:
        user = User(email=invitation.email, display_name=display_name)
        db.session.add(user)
    else:
        # Someone who played as a fan with this address becomes staff too: one person, one User.
        user.display_name = user.display_name or display_name
    set_password(user, password)
    db.session.flush()
    accept(invitation, user)
    return user


def _membership(brand: Brand, membership_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.id == membership_id, Membership.brand_id == brand.id)
    )


def _other_owners(brand: Brand, membership: Membership) -> int:
    return db.session.scalar(
        select(func.count()).where(
            Membership.brand_id == brand.id,
            Membership.role == "owner",
            Membership.id != membership.id,
        )
    )


def set_role(brand: Brand, membership_id: int, role: str) -> Membership | None:
    """Change a member's role; None when there is no such member in this brand."""
    _check_role(role)
    lock_brand(brand.id)
    membership = _membership(brand, membership_id)
    if membership is None:
        return None
    if membership.role == "owner" and role != "owner" and not _other_owners(brand, membership):
        raise Invalid(
            {
                "role": _(
                    "A brand needs an owner: make someone else owner before changing this role."
                )
            }
        )
    membership.role = role
    db.session.flush()
    return membership


def remove_member(brand: Brand, membership_id: int) -> Membership | None:
    """Take someone off the brand's team; None when there is no such member in this brand."""
    lock_brand(brand.id)
    membership = _membership(brand, membership_id)
    if membership is None:
        return None
    if membership.role == "owner" and not _other_owners(brand, membership):
        raise Invalid(
            {"role": _("A brand needs an owner: make someone else owner before removing this one.")}
        )
    db.session.delete(membership)
    db.session.flush()
    return membership


def revoke_invitation(brand: Brand, invitation_id: int) -> Invitation | None:
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.id == invitation_id,
            Invitation.brand_id == brand.id,
            Invitation.accepted_at.is_(None),
        )
    )
    if invitation is not None:
        db.session.delete(invitation)
        db.session.flush()
    return invitation
