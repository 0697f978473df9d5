"""What every fan page knows: the brand and its theme, the fan, the embedding page, new events.

Fan paths are `/e/<brand>/...` (pages, kinds' play routes) and `/fan/<brand>/...` (sign-in
and fan actions). Before each fan request the brand named in the path is loaded into
`g.brand`, the language choice and the first visit's UTM tags and referral code are kept,
the embedding page's origin is checked against the brand's list and remembered, and a GET
gives the browser its device id and guest key (app.identity.fan_session).
Templates that extend `embed/layout.html` get everything else from `template_context()`.
"""

import json
from datetime import timedelta
from types import SimpleNamespace

from flask import current_app, g, request, session, url_for
from flask_babel import get_locale, refresh
from sqlalchemy import select

from app import analytics, clock, i18n
from app.extensions import db
from app.fanpage.brands import load_brand, theme
from app.fanpage.framing import allowed_origins, csp_nonce, is_allowed_parent, normalise_origin
from app.identity import fan_consent
from app.identity.fan_session import (
    fan_user,
    is_guest,
    issue_browser_keys,
    note_join_source,
    profile_of,
)
from app.models import Brand, Campaign, EngagementEvent, FanProfile

NOT_BRANDS = {"auth", "probe"}
EMBED_KEY = "fan_embed"
SEEN_KEY = "fan_seen_event"
EVENTS_PER_PAGE = 20
FRESH = timedelta(minutes=5)


def brand_slug_from_path(path: str) -> str | None:
    parts = path.split("/")
    if len(parts) >= 3 and parts[1] in ("e", "fan") and parts[2] and parts[2] not in NOT_BRANDS:
        return parts[2]
    return None


def brand_facts(brand: Brand | None) -> SimpleNamespace | None:
    """What the response needs of the brand once the view has committed, as plain values.

    Response hooks and error pages read these, never the Brand row: after a commit it is
    expired, and reading it again would ask a database that may be gone by then.
    """
    if brand is None:
        return None
    return SimpleNamespace(
        id=brand.id,
        slug=brand.slug,
        name=brand.name,
        locale=brand.locale,
        theme=dict(brand.theme or {}),
        frame_origins=allowed_origins(brand),
    )


def before_fan_request() -> None:
    # g lives as long as the app context, which a test may share between requests.
    for name in (
        "frame_ancestors",
        "csp_nonce",
        "brand_facts",
        "database_down",
        current_app.config["WTF_CSRF_FIELD_NAME"],
    ):
        g.pop(name, None)
    g.brand = load_brand(brand_slug_from_path(request.path))
    g.brand_facts = brand_facts(g.brand)
    refresh()  # the locale may depend on the brand: pick it again
    i18n.remember_choice()
    if request.method == "GET":
        # Before any action: the page's CSRF token then brings them with every POST.
        issue_browser_keys()
    if g.brand is not None and request.method == "GET":
        note_join_source(g.brand, request.args)
        note_embedding(g.brand, request.args)
        analytics.note_visit(g.brand.id, request.args, embedding(g.brand).get("origin"))


def note_embedding(brand: Brand, args) -> None:
    """Remember the page that embeds us, if the brand allows it, and whether it wants events."""
    origin = normalise_origin(args.get("origin"))
    if origin is None or not is_allowed_parent(brand, origin):
        return
    embedded = dict(session.get(EMBED_KEY) or {})
    wanted = {"origin": origin, "events": args.get("events") == "1"}
    if embedded.get(str(brand.id)) != wanted:
        embedded[str(brand.id)] = wanted
        session[EMBED_KEY] = embedded


def embedding(brand: Brand) -> dict:
    """{"origin": the embedding page's origin, "events": report events} or {}."""
    found = (session.get(EMBED_KEY) or {}).get(str(brand.id)) or {}
    # The brand may have removed the origin since: check again on every page.
    return found if is_allowed_parent(brand, found.get("origin")) else {}


def new_events(brand: Brand, profile: FanProfile | None) -> list[dict]:
    """The fan's events since the last page, for the host page; none on a first visit."""
    if profile is None:
        return []
    seen = dict(session.get(SEEN_KEY) or {})
    last = seen.get(str(brand.id))
    query = select(EngagementEvent).where(EngagementEvent.fan_id == profile.id)
    if last is not None:
        query = query.where(EngagementEvent.id > last)
    rows = db.session.scalars(query.order_by(EngagementEvent.id.desc()).limit(EVENTS_PER_PAGE))
    rows = list(rows)[::-1]
    if rows:
        seen[str(brand.id)] = rows[-1].id
        session[SEEN_KEY] = seen
    if last is None:  # a fan's first page here: only what just happened is news
        recent = clock.now() - FRESH
        rows = [row for row in rows if row.created_at >= recent]
    ids = {row.campaign_id for row in rows if row.campaign_id is not None}
    slugs = (
        dict(
            db.session.execute(select(Campaign.id, Campaign.slug).where(Campaign.id.in_(ids))).all()
        )
        if ids
        else {}
    )
    return [
        {
            "type": row.type,
            "points": row.points,
            "campaign": slugs.get(row.campaign_id),
            "at": row.created_at.isoformat(),
        }
        for row in rows
    ]


def hosted_url(brand: Brand | None) -> str:
    """This page as a first-party page, for 'open the hosted page' (no embedding parameters)."""
    if request.endpoint and request.endpoint.startswith("embed.") and request.method == "GET":
        return request.base_url
    if brand is not None:
        return url_for("embed.home", brand_slug=brand.slug, _external=True)
    return request.host_url


def template_context() -> dict:
    """Variables for every template extending embed/layout.html."""
    brand = g.get("brand")
    base = {
        "csp_nonce": csp_nonce(),
        "languages": i18n.LANGUAGE_NAMES,
        "current_locale": str(get_locale() or "en"),
        "hosted_url": hosted_url(brand),
        "theme": theme(brand),
    }
    if brand is None:
        return base
    if g.get("database_down"):
        # An outage page: the brand as read before (plain values), nothing about the fan.
        return {**base, "brand": brand}
    user = fan_user()
    profile = profile_of(brand, user) if user is not None else None
    text = fan_consent.current_text(brand)
    embedded = embedding(brand)
    events = new_events(brand, profile) if embedded.get("events") else []
    return {
        **base,
        "brand": brand,
        "fan": profile,
        "fan_account": user,
        "is_guest": user is not None and is_guest(user),
        "consent_text": text,
        "consent_needed": fan_consent.needs_answer(profile, text),
        # The card never comes into the sign-in popup, nor back after "not now".
        "ask_consent": fan_consent.needs_answer(profile, text)
        and request.blueprint != "fan_auth"
        and not fan_consent.is_put_off(brand, text),
        "consent_changed": fan_consent.text_changed(profile, text),
        "parent_origin": embedded.get("origin", ""),
        "events_json": json.dumps(events),
    }
