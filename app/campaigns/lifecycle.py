"""Every kind's campaigns made, edited and moved between statuses by one set of rules.

Services flush, never commit: the console commits at its edge. A kind takes part through
its CampaignKind hooks (default_settings, validate_settings, problems_before_live,
on_publish, frozen_reason).
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from app.campaigns import CampaignKind, get_kind, languages
from app.campaigns.drafts import ADDRESS, AddressTaken, add_draft
from app.campaigns.refusals import Problem, Refused, as_problem
from app.extensions import db
from app.models import Brand, Campaign

MAX_TITLE = 200  # Campaign.title's column
# Where each status may go; a live campaign only closes, a closed one reopens or is archived.
TRANSITIONS = {
    "draft": ("scheduled", "live"),
    "scheduled": ("live", "draft"),
    "live": ("closed",),
    "closed": ("live", "archived"),
    "archived": (),
}
LIVE_STATUSES = ("scheduled", "live")


@dataclass(frozen=True)
class StatusAction:
    """A button of the campaign page: what it moves to and the words that say so."""

    status: str
    label: str
    danger: bool = False
    confirm: str | None = None


def basics_problems(
    title: str, starts_at: datetime | None, ends_at: datetime | None
) -> list[Problem]:
    """What is wrong with the fields every campaign has, each beside its field."""
    problems = []
    if not title:
        problems.append(Problem(_("Give the campaign a title."), "title"))
    elif len(title) > MAX_TITLE:
        problems.append(
            Problem(_("The title has at most %(count)s characters.", count=MAX_TITLE), "title")
        )
    if starts_at and ends_at and ends_at <= starts_at:
        problems.append(Problem(_("The end date must come after the start date."), "ends_at"))
    return problems


def translation_problems(translations: dict | None) -> list[Problem]:
    """A translated title is held to the title's length, beside its own input."""
    problems = []
    for language, texts in (translations or {}).items():
        if len(texts.get("title") or "") > MAX_TITLE:
            message = _("The title has at most %(count)s characters.", count=MAX_TITLE)
            problems.append(Problem(message, languages.input_name("title", language)))
    return problems


def _translate(campaign: Campaign, translations: dict | None, fields: tuple[str, ...]) -> None:
    """Keep the typed texts for the brand's other languages (others the brand dropped stay)."""
    if translations is None:
        return
    campaign.translations = languages.merged(
        campaign.translations, translations, languages.extra_languages(campaign.brand), fields
    )


def _kind_of(kind: CampaignKind | str) -> CampaignKind:
    return kind if isinstance(kind, CampaignKind) else get_kind(kind)


def create(
    brand: Brand,
    kind: CampaignKind | str,
    *,
    title: str,
    slug: str,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    translations: dict | None = None,
) -> Campaign:
    """A draft of the kind at the address `slug`, with the kind's default settings.

    `translations`: the title in the brand's other languages, {"fr": {"title": ...}}.
    """
    kind = _kind_of(kind)
    title, slug = (title or "").strip(), (slug or "").strip().lower()
    problems = basics_problems(title, starts_at, ends_at) + translation_problems(translations)
    if not ADDRESS.fullmatch(slug):
        problems.append(
            Problem(_("The address may hold lowercase letters, digits and dashes only."), "slug")
        )
    if problems:
        raise Refused(*problems)
    try:
        campaign = add_draft(
            brand, kind=kind.key, slug=slug, title=title, settings=kind.default_settings()
        )
    except AddressTaken:
        message = _("Another campaign already uses the address '%(slug)s'.", slug=slug)
        raise Refused(Problem(message, "slug"), code="address_taken") from None
    campaign.starts_at, campaign.ends_at = starts_at, ends_at
    _translate(campaign, translations, ("title",))
    db.session.flush()
    return campaign


def ensure_editable(campaign: Campaign) -> None:
    reason = get_kind(campaign.kind).frozen_reason(campaign)
    if reason:
        raise Refused(reason, code="frozen", status=409)


def update(
    campaign: Campaign,
    *,
    title: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    rules_text: str | None = None,
    settings: dict | None = None,
    translations: dict | None = None,
) -> None:
    """The common fields and the kind's settings, refused as a whole if anything is wrong.

    `translations`: title and rules text in the brand's other languages as typed
    ({"fr": {"title": ...}}); None leaves them as they are.
    """
    ensure_editable(campaign)
    kind = get_kind(campaign.kind)
    title = (title or "").strip()
    merged = {**(campaign.settings or {}), **(settings or {})}
    problems = basics_problems(title, starts_at, ends_at) + translation_problems(translations)
    problems += [as_problem(problem) for problem in kind.validate_settings(merged)]
    if problems:
        raise Refused(*problems)
    campaign.title = title
    campaign.starts_at, campaign.ends_at = starts_at, ends_at
    if rules_text is not None:
        campaign.rules_text = rules_text
    texts = ("title", "rules_text") if kind.shows_rules_text else ("title",)
    _translate(campaign, translations, texts)
    campaign.settings = merged
    db.session.flush()


def _transition_problem(campaign: Campaign, status: str, now: datetime) -> str | None:
    if status not in TRANSITIONS:
        return _("Unknown status '%(status)s'.", status=status)
    if status not in TRANSITIONS[campaign.status]:
        return _(
            "A %(current)s campaign cannot become %(status)s.",
            current=status_word(campaign.status),
            status=status_word(status),
        )
    if status == "draft" and get_kind(campaign.kind).frozen_reason(campaign):
        return _("This campaign was published: it cannot go back to draft.")
    if campaign.status == "closed" and campaign.ends_at is not None and campaign.ends_at <= now:
        return _("The end date has passed: move it later before reopening.")
    return None


def set_status(campaign: Campaign, status: str, *, now: datetime) -> None:
    """Move the campaign to `status` by the one set of rules; flushes."""
    problem = _transition_problem(campaign, status, now)
    if problem:
        raise Refused(problem, code="status", status=409)
    kind = get_kind(campaign.kind)
    if status in LIVE_STATUSES:
        problems = kind.problems_before_live(campaign, now)
        if problems:
            raise Refused(*problems, code="not_ready")
    if campaign.status == "draft":
        kind.on_publish(campaign, now)
    campaign.status = status
    db.session.flush()


def status_word(status: str) -> str:
    return {
        "draft": _("draft"),
        "scheduled": _("scheduled"),
        "live": _("live"),
        "closed": _("closed"),
        "archived": _("archived"),
    }.get(status, status)


def status_actions(campaign: Campaign, now: datetime) -> list[StatusAction]:
    """The status buttons of the campaign page, in words that say what each does.

    A closed campaign offers "Reopen" only when it could reopen; a draft always offers "Go
    live", and the page lists what still stops it.
    """
    labels = {
        "scheduled": StatusAction("scheduled", _("Announce: show it as coming soon")),
        "live": StatusAction("live", _("Reopen") if campaign.status == "closed" else _("Go live")),
        "draft": StatusAction("draft", _("Back to draft")),
        "closed": StatusAction(
            "closed",
            _("Close now"),
            danger=True,
            confirm=_("Close this campaign now? Fans will no longer be able to take part."),
        ),
        "archived": StatusAction(
            "archived",
            _("Archive"),
            danger=True,
            confirm=_("Archive this campaign? It cannot be reopened."),
        ),
    }
    kind = get_kind(campaign.kind)
    offered = []
    for status in TRANSITIONS.get(campaign.status, ()):
        if status == "draft" and kind.frozen_reason(campaign):
            continue
        reopening = campaign.status == "closed" and status == "live"
        if reopening and not _could_reopen(campaign, kind, now):
            continue
        offered.append(labels[status])
    return offered


def _could_reopen(campaign: Campaign, kind: CampaignKind, now: datetime) -> bool:
    return not (
        _transition_problem(campaign, "live", now) or kind.problems_before_live(campaign, now)
    )


def status_message(campaign: Campaign) -> str:
    """What the page says after a status change."""
    return {
        "draft": _("The campaign is a draft again: fans cannot see it."),
        "scheduled": _("The campaign is announced: fans see it is coming soon."),
        "live": _("The campaign is live."),
        "closed": _("The campaign is closed: fans can no longer take part."),
        "archived": _("The campaign is archived."),
    }[campaign.status]
