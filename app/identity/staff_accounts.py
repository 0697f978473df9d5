"""Staff accounts: who counts as staff, passwords, sign-in checks and reset tokens."""

import hashlib
import hmac

from flask import current_app
from flask_babel import gettext as _
from flask_login import UserMixin
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import exists, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import Membership, User

PASSWORD_MIN = 10
PASSWORD_MAX = 256
RESET_SALT = "superfan.staff.password-reset"
# Checked when the email is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("superfan-timing-equaliser", method="scrypt")


class StaffUser(UserMixin):
    """What Flask-Login holds for a signed-in staff member: the User row, and a session token."""

    def __init__(self, user: User):
        self.user = user
        self.id = user.id
        self.email = user.email

    def get_id(self) -> str:
        # Changing the password changes the token, which signs out every other session.
        return f"{self.user.id}.{fingerprint(self.user.password_hash)}"


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def fingerprint(password_hash: str | None) -> str:
    """A keyed digest of the password hash: it changes whenever the password does."""
    key = current_app.secret_key.encode()
    return hmac.new(key, (password_hash or "").encode(), hashlib.sha256).hexdigest()[:24]


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def password_problem(password: str, confirm: str | None = None, email: str = "") -> str | None:
    """Why this new password is refused, or None."""
    if len(password) < PASSWORD_MIN:
        return _("Choose a password of at least %(count)d characters.", count=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return _("Choose a password of at most %(count)d characters.", count=PASSWORD_MAX)
    if email and password.strip().lower() == email:
        return _("Your password must not be your email address.")
    if confirm is not None and password != confirm:
        return _("The two passwords differ; type the same password twice.")
    return None


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)


def is_staff(user: User) -> bool:
    """Staff have a password or belong to a brand; fans have neither."""
    if user.password_hash:
        return True
    return bool(db.session.scalar(select(exists().where(Membership.user_id == user.id))))


def find_user(email: str) -> User | None:
    email = normalise_email(email)
    return db.session.scalar(select(User).where(User.email == email)) if email else None


def authenticate(email: str, password: str) -> User | None:
    """The staff user with this email and password, or None."""
    user = find_user(email)
    if user is None or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def load_session_user(token: str) -> StaffUser | None:
    """Flask-Login's user loader: the token is '<user id>.<password fingerprint>'."""
    user_id, _dot, print_ = token.partition(".")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not hmac.compare_digest(print_, fingerprint(user.password_hash)):
        return None
    return StaffUser(user) if is_staff(user) else None


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=RESET_SALT)


def reset_token(user: User) -> str:
    """A signed token bound to the current password: using it once changes that, voiding it."""
    return _reset_serializer().dumps({"u": user.id, "p": fingerprint(user.password_hash)})


class ResetLinkInvalid(Exception):
    """The reset link is expired, already used, or was never ours."""


def user_for_reset(token: str) -> User:
    max_age = current_app.config["STAFF_RESET_MAX_AGE"]
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise ResetLinkInvalid(
            _(
                "This link has expired (links work for %(minutes)d minutes). Ask for a new one.",
                minutes=max_age // 60,
            )
        ) from None
    except BadSignature:
        raise ResetLinkInvalid(_("This link is not valid. Ask for a new one.")) from None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not hmac.compare_digest(str(data.get("p")), fingerprint(user.password_hash)):
        raise ResetLinkInvalid(_("This link has already been used. Ask for a new one if needed."))
    return user
