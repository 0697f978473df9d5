"""Who may frame a fan page: Content-Security-Policy frame-ancestors from the brand's origins.

Fan responses never send X-Frame-Options (it cannot list several origins); the CSP says
`frame-ancestors 'self'` plus the brand's allowed origins. Pages that must never be framed
(the sign-in popup) say `'none'`; a page for an unknown brand, which holds nothing but an
apology, may be framed by anyone so the brand sees the message instead of a blank frame.
The same CSP keeps scripts to our own files and styles to our files plus one nonce'd block.
"""

import logging
import re
import secrets

from flask import g, request

log = logging.getLogger(__name__)

ORIGIN_RE = re.compile(r"^https?://[a-z0-9.-]+(:\d{1,5})?$")
NONE = "'none'"
ANYONE = "*"


def normalise_origin(value: str | None) -> str | None:
    """`scheme://host[:port]` in lowercase, or None if it is not a plain web origin."""
    origin = (value or "").strip().rstrip("/").lower()
    return origin if ORIGIN_RE.match(origin) else None


def allowed_origins(brand) -> list[str]:
    """The brand's allowed frame origins, cleaned; anything odd is dropped, never passed on."""
    origins = []
    for value in brand.frame_origins or []:
        origin = normalise_origin(value)
        if origin and origin not in origins:
            origins.append(origin)
    return origins


def own_origin() -> str:
    return request.host_url.rstrip("/").lower()


def is_allowed_parent(brand, origin: str | None) -> bool:
    origin = normalise_origin(origin)
    return origin is not None and (origin in allowed_origins(brand) or origin == own_origin())


def allow_brand(brand) -> None:
    """This response may be framed by the brand's sites."""
    facts = g.get("brand_facts")
    # The request's own brand: as read before the view, so nothing reloads it after a commit.
    origins = facts.frame_origins if facts is not None and brand is g.get("brand") else None
    g.frame_ancestors = ["'self'", *(origins if origins is not None else allowed_origins(brand))]


def forbid_framing() -> None:
    g.frame_ancestors = [NONE]


def allow_anyone() -> None:
    g.frame_ancestors = [ANYONE]


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def apply_headers(response):
    """After every fan request: the CSP, and no X-Frame-Options whoever added it.

    This runs after the view committed: it reads the brand's origins as kept before the view
    (`g.brand_facts`, plain values), never the database, and a failure here is logged, never
    turned into an error for an action that is already stored.
    """
    try:
        _apply_headers(response)
    except Exception:
        log.exception("fan response headers failed; the response goes out without them")
    return response


def _apply_headers(response) -> None:
    ancestors = g.get("frame_ancestors")
    if ancestors is None:
        facts = g.get("brand_facts")
        ancestors = ["'self'", *facts.frame_origins] if facts is not None else [NONE]
    response.headers.pop("X-Frame-Options", None)
    style = "style-src 'self'" + (f" 'nonce-{g.csp_nonce}'" if "csp_nonce" in g else "")
    response.headers["Content-Security-Policy"] = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            style,
            "img-src 'self' data: https:",
            "connect-src 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            "frame-ancestors " + " ".join(ancestors),
        ]
    )
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
