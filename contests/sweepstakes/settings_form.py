"""The sweepstakes' part of the campaign page: its settings form, read, and its draw panel."""

from flask import url_for

from contests.sweepstakes import draw, drawing, rules, services, settings, translations

TEXT_FIELDS = (*settings.REQUIRED_TEXT, "extra_rules")
NUMBER_FIELDS = (
    "min_age",
    "winners",
    "alternates",
    "bonus_referral_cap",
    "bonus_share_cap",
    "bonus_quiz_cap",
)


def read(reader, campaign) -> dict:
    """The structured fields from the form; settings.problems checks their ranges."""
    defaults = settings.SweepstakesSettings()
    values = {name: reader.text(name) for name in TEXT_FIELDS}
    for name in NUMBER_FIELDS:
        values[name] = reader.integer(name, default=getattr(defaults, name))
    countries = reader.raw("countries").replace(",", " ").upper().split()
    values["countries"] = sorted(set(countries))
    values["frequency"] = reader.raw("frequency") or defaults.frequency
    values["linked_quiz"] = reader.raw("linked_quiz").lower()
    stored = (campaign.settings or {}).get("translations")
    values["translations"] = translations.read_form(reader.form, campaign.brand, stored)
    return values


def context(campaign) -> dict:
    """The fields' values, the seal, the draw and the official rules' preview."""
    made = drawing.draw_of(campaign)
    published = drawing.published(campaign)
    winners, alternates = [], []
    if published is not None:
        winners, alternates = draw.outcome(
            published.picks, published.redraws, published.winners, published.alternates
        )
    options = settings.read(campaign.settings)
    fan_args = {"brand_slug": campaign.brand.slug, "campaign_slug": campaign.slug}
    return {
        "options": options,
        "seal": rules.seal_of(campaign),
        "made": made,
        "winners": winners,
        "alternates": alternates,
        "redraws": drawing.redraws_of(made) if made else [],
        "entrants": len(services.eligible_weights(campaign)) if made is None else None,
        "rules_url": url_for("sweepstakes.official_rules", **fan_args),
        "draw_url": url_for("sweepstakes.draw_page", **fan_args),
        "preview": rules.official_text(campaign, rules.official_locale(campaign)),
    }
