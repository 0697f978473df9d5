"""Where a visit came from, kept in the fan session from its first page so later steps carry it.

A visit begins on the first fan page of a brand, on a page whose link carries other
`utm_*` tags or another share code than the visit's, on a page opened from another site
than the embedding one, and on a new day (the visitor hash is new every day anyway).
"""

from urllib.parse import urlsplit

from flask import has_request_context, request, session

from app import clock

VISIT_KEY = "fan_visit"
TAGS = ("utm_source", "utm_medium", "utm_campaign")


def referrer_host(origin: str | None) -> str:
    """The Referer's host, unless it is this app or the page embedding us (not a source)."""
    host = (urlsplit(request.referrer or "").hostname or "").lower()
    if not host or host == (request.host.split(":")[0]).lower():
        return ""
    if origin and host == (urlsplit(origin).hostname or "").lower():
        return ""
    return host[:255]


def note_visit(brand_id: int, args, origin: str | None) -> None:
    """On a fan page GET: start a new visit, or keep the current one (and learn its frame)."""
    visits = dict(session.get(VISIT_KEY) or {})
    current = visits.get(str(brand_id))
    tags = {name: args[name][:100] for name in TAGS if args.get(name)}
    share_code = (args.get("ref") or "")[:16]
    came_from = referrer_host(origin)
    today = clock.now().date().isoformat()
    fresh = (
        current is None
        or current.get("day") != today
        or (tags and tags != {name: current.get(name) for name in tags})
        or (share_code and share_code != current.get("share_code"))
        or (came_from and came_from != current.get("referrer_host"))
    )
    if fresh:
        visit = {
            "day": today,
            **dict.fromkeys(TAGS, ""),
            **tags,
            "referrer_host": came_from,
            "share_code": share_code,
            "embed_origin": origin or "",
            # A visit through a share counts once as a share visit, on its first campaign page.
            "share_counted": False,
        }
    elif origin and current.get("embed_origin") != origin:
        visit = {**current, "embed_origin": origin}
    else:
        return
    visits[str(brand_id)] = visit
    session[VISIT_KEY] = visits


def current_visit(brand_id: int) -> dict:
    """The visit's source as noted on its first page; {} outside a fan request."""
    if not has_request_context():
        return {}
    return dict((session.get(VISIT_KEY) or {}).get(str(brand_id)) or {})


def update_visit(brand_id: int, **changes) -> None:
    visits = dict(session.get(VISIT_KEY) or {})
    if str(brand_id) in visits:
        visits[str(brand_id)] = {**visits[str(brand_id)], **changes}
        session[VISIT_KEY] = visits
