"""The demo sweepstakes: entered by demo fans over three weeks, closed, drawn and verifiable.

Entries go through the same services as real ones, back-dated inside the entry window.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.campaigns import lifecycle
from app.engagement.scoring import local_day
from app.extensions import db
from app.models import Campaign, FanProfile, utcnow
from contests.sweepstakes import drawing, rules, services
from contests.sweepstakes.settings import KIND_KEY

SLUG = "coffee-for-a-year"
DAYS_OPEN = 21
ENTRANTS = 120
COUNTRIES = ["BE", "DE", "FR", "IT"]
FIELDS = {
    "min_age": 18,
    "countries": COUNTRIES,
    "frequency": "daily",
    "winners": 3,
    "alternates": 2,
    "bonus_referral_cap": 5,
    "bonus_share_cap": 3,
    "bonus_quiz_cap": 1,
    "linked_quiz": "coffee-trivia",
    "sponsor_name": "Lumen Coffee SAS",
    "sponsor_address": "12 rue des Torréfacteurs, 75011 Paris, France",
    "prizes": "3 prizes: a year of coffee (52 bags of 250 g), delivered weekly.",
    "prize_value": "EUR 780 per prize, EUR 2,340 in total",
    "free_method": "Write to the sponsor's address with your name, email, date of birth and "
    "country; one postal entry per person per day, received before entries close.",
    "notification": "Winners are emailed within 7 days of the draw and have 14 days to reply; "
    "an unreachable winner is replaced by the next alternate.",
    "privacy": "Entries are used only to run this sweepstakes and deleted 6 months after it.",
    "extra_rules": "Lumen Coffee staff and their families may not enter.",
    # The demo brand writes in French too: French fans read these, and the French rules.
    "translations": {
        "fr": {
            "prizes": "3 lots : un an de café (52 sachets de 250 g), livrés chaque semaine.",
            "prize_value": "780 EUR par lot, 2 340 EUR au total",
            "free_method": "Écrivez à l'adresse de l'organisateur en indiquant votre nom, votre "
            "e-mail, votre date de naissance et votre pays ; une participation postale par "
            "personne et par jour, reçue avant la clôture.",
            "notification": "Les gagnants sont prévenus par e-mail dans les 7 jours suivant le "
            "tirage et ont 14 jours pour répondre ; un gagnant injoignable est remplacé par le "
            "suppléant suivant.",
            "privacy": "Les participations servent uniquement à ce jeu-concours et sont "
            "supprimées 6 mois après.",
            "extra_rules": "Le personnel de Lumen Coffee et sa famille ne peuvent pas participer.",
        }
    },
}
TITLE_FR = "Gagnez un an de café"


def load(brand) -> list[str]:
    existing = db.session.scalar(
        select(Campaign).where(Campaign.brand_id == brand.id, Campaign.slug == SLUG)
    )
    if existing is not None:
        return [f"Sweepstakes {existing.title!r} already loaded."]
    now = utcnow().replace(microsecond=0)
    start, end = now - timedelta(days=DAYS_OPEN + 2), now - timedelta(days=2)
    campaign = lifecycle.create(
        brand, KIND_KEY, title="Win a year of coffee", slug=SLUG, starts_at=start, ends_at=end
    )
    campaign.translations = {"fr": {"title": TITLE_FR}}
    lifecycle.update(campaign, title=campaign.title, starts_at=start, ends_at=end, settings=FIELDS)
    rules.publish(campaign, start)
    campaign.status = "live"
    entered = _enter_fans(campaign, brand, start)
    drawing.make_draw(campaign, now=now - timedelta(days=1))
    published = drawing.published(campaign)
    drawing.redraw(
        campaign,
        published.picks[0],
        "The winner did not reply within 14 days.",
        now=now - timedelta(hours=2),
    )
    return [
        f"Sweepstakes {campaign.title!r}: {entered} entries, drawn and verifiable at "
        f"/e/{brand.slug}/{SLUG}/sweepstakes/draw"
    ]


def _enter_fans(campaign, brand, start) -> int:
    rng = random.Random(SLUG)
    fans = db.session.scalars(
        select(FanProfile)
        .where(FanProfile.brand_id == brand.id)
        .order_by(FanProfile.id)
        .limit(ENTRANTS)
    ).all()
    zone = ZoneInfo(brand.timezone)
    # Whole local days strictly inside the window, so once-a-day entries never collide.
    first_day = local_day(start, brand) + timedelta(days=1)
    entered = 0
    for fan in fans:
        if fan.user.email is None:
            continue
        born = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
        country = rng.choice(COUNTRIES)
        count = min(DAYS_OPEN - 2, int(rng.paretovariate(1.2)))
        for day in sorted(rng.sample(range(DAYS_OPEN - 2), k=count)):
            moment = time(rng.randint(8, 21), rng.randint(0, 59))
            at = datetime.combine(first_day + timedelta(days=day), moment, zone)
            services.enter(
                campaign, fan, date_of_birth=born.isoformat(), country=country, agreed=True, now=at
            )
            entered += 1
    return entered
