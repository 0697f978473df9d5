"""The console's fan list: search by name, email, code or id, filters, sort, bounded pages."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import exists, func, or_, select

from app import clock
from app.campaigns import all_kinds
from app.console.paging import MAX_PAGE, Page, contains_pattern, paginate
from app.engagement.scoring import growth
from app.extensions import db
from app.models import Brand, Campaign, CampaignParticipation, FanProfile, User

PAGE_SIZES = (25, 50, 100)
SORTS = {
    "score": (FanProfile.score_base.desc(), FanProfile.id),
    "points": (FanProfile.points.desc(), FanProfile.id),
    "active": (FanProfile.last_active_at.desc().nulls_last(), FanProfile.id),
    "joined": (FanProfile.joined_at.desc(), FanProfile.id.desc()),
}
MAX_QUERY = 200
MAX_SCORE = 10**9


@dataclass
class FanQuery:
    """What the staff member asked for, read leniently from the page's address."""

    text: str = ""
    consent: str = ""
    flagged: str = ""
    active_since: date | None = None
    min_score: float | None = None
    campaign_id: int | None = None
    source: str = ""
    sort: str = "score"
    page: int = 1
    size: int = PAGE_SIZES[0]
    problems: dict = field(default_factory=dict)


def _integer(value: str | None, default: int | None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def read_query(args) -> FanQuery:
    """A FanQuery from request args; unreadable filters are dropped and named in .problems."""
    wanted = FanQuery(text=(args.get("q") or "").strip()[:MAX_QUERY])
    wanted.consent = args.get("consent") if args.get("consent") in ("yes", "no") else ""
    wanted.flagged = args.get("flagged") if args.get("flagged") in ("yes", "no") else ""
    if args.get("active_since"):
        try:
            wanted.active_since = date.fromisoformat(args["active_since"])
        except ValueError:
            wanted.problems["active_since"] = _("Give a day, like 2026-05-31.")
    if args.get("min_score"):
        try:
            wanted.min_score = float(args["min_score"])
            if not 0 <= wanted.min_score <= MAX_SCORE:
                raise ValueError
        except ValueError:
            wanted.min_score = None
            wanted.problems["min_score"] = _("Give a number of 0 or more.")
    wanted.campaign_id = _integer(args.get("campaign"), None)
    wanted.source = (args.get("source") or "").strip()[:100]
    wanted.sort = args.get("sort") if args.get("sort") in SORTS else "score"
    wanted.size = _integer(args.get("size"), 0) if args.get("size") else PAGE_SIZES[0]
    if wanted.size not in PAGE_SIZES:
        wanted.size = PAGE_SIZES[0]
    wanted.page = max(1, min(_integer(args.get("page"), 1), MAX_PAGE))
    return wanted


def _text_match(brand: Brand, text: str, emails: bool):
    """Fans whose id, name, email (if this member sees emails) or a kind's code is `text`."""
    matches = [User.display_name.ilike(contains_pattern(text), escape="\\")]
    if text.isdigit() and len(text) < 10:
        matches.append(FanProfile.id == int(text))
    if emails and "@" in text:
        matches.append(User.email == text.lower())
    coded = {fan_id for kind in all_kinds() for fan_id in kind.fans_with_code(brand, text)}
    if coded:
        matches.append(FanProfile.id.in_(coded))
    return or_(*matches)


def _source_match(source: str):
    if source == "referral":
        return FanProfile.referred_by_id.is_not(None)
    if source == "direct":
        return (
            FanProfile.referred_by_id.is_(None)
            & (func.coalesce(FanProfile.utm_source, "") == "")
            & (func.coalesce(FanProfile.utm_medium, "") == "")
            & (func.coalesce(FanProfile.utm_campaign, "") == "")
        )
    return FanProfile.utm_source == source


def conditions(brand: Brand, wanted: FanQuery, *, emails: bool, now: datetime) -> list:
    where = [FanProfile.brand_id == brand.id]
    if wanted.text:
        where.append(_text_match(brand, wanted.text, emails))
    if wanted.consent:
        where.append(FanProfile.marketing_consent.is_(wanted.consent == "yes"))
    if wanted.flagged:
        where.append(FanProfile.fraud_flagged.is_(wanted.flagged == "yes"))
    if wanted.active_since is not None:
        start = datetime.combine(wanted.active_since, time(), ZoneInfo(brand.timezone))
        where.append(FanProfile.last_active_at >= start)
    if wanted.min_score is not None:
        divisor = growth(now, brand.score_epoch, brand.half_life_days)
        where.append(FanProfile.score_base >= wanted.min_score * divisor)
    if wanted.campaign_id is not None:
        where.append(
            exists().where(
                CampaignParticipation.fan_id == FanProfile.id,
                CampaignParticipation.campaign_id == wanted.campaign_id,
            )
        )
    if wanted.source:
        where.append(_source_match(wanted.source))
    return where


@dataclass(frozen=True)
class FanRow:
    id: int
    name: str
    score: float
    points: int
    last_active_at: datetime | None
    consent: bool
    flagged: bool
    join_source: str


def search(brand: Brand, wanted: FanQuery, *, emails: bool) -> Page:
    """One page of the brand's fans that match, in the chosen order; the page is bounded."""
    now = clock.now()
    page = paginate(
        select(FanProfile, User.display_name)
        .join(User, User.id == FanProfile.user_id)
        .where(*conditions(brand, wanted, emails=emails, now=now))
        .order_by(*SORTS[wanted.sort]),
        size=wanted.size,
        number=wanted.page,
    )
    divisor = growth(now, brand.score_epoch, brand.half_life_days)
    rows = [
        FanRow(
            fan.id,
            name or "",
            round(fan.score_base / divisor, 1),
            fan.points,
            fan.last_active_at,
            fan.marketing_consent,
            fan.fraud_flagged,
            fan.join_source,
        )
        for fan, name in page.items
    ]
    return replace(page, items=rows)


def campaign_choices(brand: Brand) -> list[tuple[int, str]]:
    return list(
        db.session.execute(
            select(Campaign.id, Campaign.title)
            .where(Campaign.brand_id == brand.id)
            .order_by(Campaign.created_at.desc(), Campaign.id.desc())
        ).all()
    )


def source_choices(brand: Brand, limit: int = 50) -> list[str]:
    """The UTM sources fans of this brand came from, most frequent first."""
    return list(
        db.session.scalars(
            select(FanProfile.utm_source)
            .where(FanProfile.brand_id == brand.id, FanProfile.utm_source.is_not(None))
            .where(FanProfile.utm_source != "")
            .group_by(FanProfile.utm_source)
            .order_by(func.count().desc(), FanProfile.utm_source)
            .limit(limit)
        )
    )
