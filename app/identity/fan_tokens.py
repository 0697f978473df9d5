"""Fan sign-in tokens: one-time login tokens, email links, brand tokens, Facebook signed_request.

- A login token (popup handoff, email link) is a random secret; the database keeps its
  SHA-256, the brand it is for, its expiry and when it was used: it works once, for one brand.
- An email link wraps a login token in an itsdangerous signature with a maximum age, so a
  tampered or stale link is refused before the database is asked.
- A brand token is a JWT (HS256 with Brand.embed_secret) that the brand's own server signs:
  `sub` its user id, `aud` the brand slug, `exp` at most a few minutes ahead, `jti` unique.
- A Facebook signed_request is `base64url(HMAC-SHA256(payload)).base64url(payload)` signed
  with the Facebook app secret; the payload must name the HMAC-SHA256 algorithm.
"""

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import OctKey
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app import clock
from app.extensions import db
from app.models import Brand, BrandTokenUse, FanLoginToken, User, utcnow

HANDOFF_TTL = timedelta(minutes=2)
EMAIL_LINK_TTL = timedelta(minutes=20)
BRAND_TOKEN_MAX_TTL = timedelta(minutes=15)
BRAND_TOKEN_LEEWAY = 30  # seconds of clock skew between the brand's server and ours
SIGNED_REQUEST_MAX_AGE = timedelta(hours=1)
EMAIL_LINK_SALT = "superfan-fan-email-link"


class TokenError(Exception):
    """A token that cannot sign anyone in; `reason` says why, for the fan's message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # invalid, expired, used, other_brand, replayed, unavailable


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# One-time login tokens ------------------------------------------------------------------


def issue_login_token(
    purpose: str,
    brand: Brand,
    *,
    user: User | None = None,
    email: str | None = None,
    ttl: timedelta,
) -> tuple[FanLoginToken, str]:
    """A new single-use token; returns the row and the secret (shown once, never stored)."""
    secret = secrets.token_urlsafe(32)
    row = FanLoginToken(
        purpose=purpose,
        secret_hash=_hash(secret),
        brand_id=brand.id,
        user_id=user.id if user is not None else None,
        email=email,
        expires_at=clock.now() + ttl,
    )
    db.session.add(row)
    db.session.flush()
    _forget_stale_login_tokens()
    return row, secret


def consume_login_token(purpose: str, brand: Brand, secret: str) -> FanLoginToken:
    """The token's row, marked used; TokenError if unknown, for another brand, stale or used."""
    if not secret or len(secret) > 200:
        raise TokenError("invalid")
    row = db.session.scalar(
        select(FanLoginToken).where(
            FanLoginToken.secret_hash == _hash(secret), FanLoginToken.purpose == purpose
        )
    )
    if row is None:
        raise TokenError("invalid")
    if row.brand_id != brand.id:
        raise TokenError("other_brand")
    now = clock.now()
    if row.used_at is not None:
        raise TokenError("used")
    if row.expires_at <= now:
        raise TokenError("expired")
    # Compare-and-set: of two requests racing with the same token, one wins.
    claimed = db.session.execute(
        update(FanLoginToken)
        .where(FanLoginToken.id == row.id, FanLoginToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise TokenError("used")
    db.session.refresh(row)
    return row


def _forget_stale_login_tokens() -> None:
    db.session.execute(
        delete(FanLoginToken)
        .where(FanLoginToken.expires_at < clock.now() - timedelta(days=1))
        .execution_options(synchronize_session=False)
    )


# Email links ----------------------------------------------------------------------------


def _link_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=EMAIL_LINK_SALT)


def email_link_token(row: FanLoginToken, secret: str) -> str:
    return _link_serializer().dumps({"id": row.id, "s": secret})


def read_email_link(token: str) -> str:
    """The login secret inside a signed link; TokenError if tampered with or too old."""
    try:
        data = _link_serializer().loads(token, max_age=int(EMAIL_LINK_TTL.total_seconds()))
    except SignatureExpired:
        raise TokenError("expired") from None
    except BadSignature:
        raise TokenError("invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), str):
        raise TokenError("invalid")
    return data["s"]


# Brand tokens ---------------------------------------------------------------------------


def make_brand_token(brand: Brand, subject: str, *, ttl=timedelta(minutes=5), **claims) -> str:
    """What a brand's server does (used by the demo host page and tests)."""
    now = int(clock.now().timestamp())
    payload = {
        "sub": subject,
        "aud": brand.slug,
        "iat": now,
        "exp": now + int(ttl.total_seconds()),
        "jti": secrets.token_urlsafe(16),
        **claims,
    }
    return jwt.encode({"alg": "HS256"}, payload, OctKey.import_key(brand.embed_secret))


def verify_brand_token(brand: Brand, token: str) -> dict:
    """The claims of a valid, fresh, never-seen brand token; TokenError otherwise."""
    if not brand.embed_secret:
        raise TokenError("unavailable")
    if not token or len(token) > 4096:
        raise TokenError("invalid")
    try:
        decoded = jwt.decode(token, OctKey.import_key(brand.embed_secret), algorithms=["HS256"])
        jwt.JWTClaimsRegistry(
            now=lambda: int(clock.now().timestamp()),
            leeway=BRAND_TOKEN_LEEWAY,
            aud={"essential": True, "value": brand.slug},
            sub={"essential": True},
            exp={"essential": True},
            jti={"essential": True},
        ).validate(decoded.claims)
    except ExpiredTokenError:
        raise TokenError("expired") from None
    except (JoseError, ValueError, TypeError):
        raise TokenError("invalid") from None
    claims = decoded.claims
    expires = datetime.fromtimestamp(claims["exp"], tz=UTC)
    if expires > clock.now() + BRAND_TOKEN_MAX_TTL + timedelta(seconds=BRAND_TOKEN_LEEWAY):
        raise TokenError("invalid")  # a long-lived token could not be kept from replay
    if not claims["sub"] or len(claims["jti"]) > 200 or len(claims["sub"]) > 200:
        raise TokenError("invalid")
    _spend_brand_token(brand, claims["jti"], expires)
    return claims


def _spend_brand_token(brand: Brand, jti: str, expires: datetime) -> None:
    """Note the token's id; if it is already noted, this is a replay."""
    db.session.execute(
        delete(BrandTokenUse)
        .where(BrandTokenUse.brand_id == brand.id, BrandTokenUse.expires_at < clock.now())
        .execution_options(synchronize_session=False)
    )
    insert = (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )
    # The row it returns says whether it was new: psycopg reports no rowcount for an INSERT.
    noted = db.session.scalar(
        insert(BrandTokenUse)
        .values(brand_id=brand.id, jti=jti, expires_at=expires, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["brand_id", "jti"])
        .returning(BrandTokenUse.jti)
    )
    if noted is None:
        raise TokenError("replayed")


# Facebook signed_request ----------------------------------------------------------------


def _b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def parse_signed_request(signed_request: str, app_secret: str) -> dict:
    """The payload of a valid Facebook signed_request; TokenError otherwise."""
    if not app_secret:
        raise TokenError("unavailable")
    try:
        encoded_signature, payload = signed_request.split(".", 1)
        signature = _b64url_decode(encoded_signature)
        data = json.loads(_b64url_decode(payload))
    except (ValueError, binascii.Error, UnicodeDecodeError, AttributeError):
        raise TokenError("invalid") from None
    expected = hmac.new(app_secret.encode(), payload.encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise TokenError("invalid")
    if not isinstance(data, dict) or str(data.get("algorithm", "")).upper() != "HMAC-SHA256":
        raise TokenError("invalid")
    issued_at = data.get("issued_at")
    if not isinstance(issued_at, int | float) or isinstance(issued_at, bool):
        raise TokenError("invalid")
    if datetime.fromtimestamp(issued_at, tz=UTC) < clock.now() - SIGNED_REQUEST_MAX_AGE:
        raise TokenError("expired")
    return data


def make_signed_request(payload: dict, app_secret: str) -> str:
    """What Facebook does (for tests and local trials)."""
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    signature = hmac.new(app_secret.encode(), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(signature).rstrip(b"=").decode() + "." + body
