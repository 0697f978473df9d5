"""The demo photo contest: a live contest with painted landscapes as entries, and votes.

Entries and votes go through the same services as real ones, back-dated over the days the
contest has been live; the pictures are drawn here with Pillow, so no files are needed.
"""

import io
import random
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from app.campaigns import lifecycle
from app.extensions import db
from app.models import Campaign, FanProfile, utcnow
from contests.photo import entries, moderation, voting
from contests.photo.settings import KIND_KEY

SLUG = "coffee-moments"
TITLE = "Your best coffee moment"
DAYS_LIVE = 10
CAPTIONS = [
    "Sunrise espresso on the balcony",
    "Latte art attempt number 37",
    "Cold brew by the lake",
    "The cup that got me through finals",
    "Mountain hut cappuccino",
    "Grandma's moka pot, still going",
    "First flat white of the year",
    "Beach morning, sandy mug",
    "Rainy day, warm hands",
    "Camping coffee with a view",
]
VOTERS = 120


def painting(rng: random.Random, size=(960, 720)) -> bytes:
    """A landscape: a sky gradient, a sun, layered hills and a steaming cup."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top = tuple(rng.randint(60, 200) for _ in range(3))
    bottom = tuple(rng.randint(180, 255) for _ in range(3))
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    sun_x, sun_y, radius = rng.randint(100, width - 100), rng.randint(60, height // 3), 50
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill="#ffe08a")
    for layer in range(3):
        base = height * (0.55 + 0.12 * layer)
        points = [(0, height)]
        for x in range(0, width + 80, 80):
            points.append((x, base + rng.randint(-60, 40)))
        points.append((width, height))
        shade = 60 + 40 * layer
        draw.polygon(points, fill=(shade // 2, shade, shade // 3 + rng.randint(0, 40)))
    cup_x, cup_y = rng.randint(200, width - 300), height - 220
    draw.rectangle([cup_x, cup_y, cup_x + 140, cup_y + 150], fill="#f4efe6", outline="#5a3a22")
    draw.arc([cup_x + 120, cup_y + 30, cup_x + 190, cup_y + 110], 270, 90, fill="#f4efe6", width=14)
    draw.ellipse([cup_x + 10, cup_y - 10, cup_x + 130, cup_y + 20], fill="#6f4324")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def load(brand) -> list[str]:
    """Add the demo contest to the brand if it is missing; say what was done."""
    exists = db.session.scalar(
        select(Campaign.id).where(Campaign.brand_id == brand.id, Campaign.slug == SLUG)
    )
    if exists is not None:
        return []
    now = utcnow()
    campaign = lifecycle.create(
        brand,
        KIND_KEY,
        title=TITLE,
        slug=SLUG,
        starts_at=now - timedelta(days=DAYS_LIVE),
        ends_at=now + timedelta(days=20),
    )
    campaign.rules_text = "Share a photo of your coffee moment; vote for your favourites daily."
    # The demo brand writes in French too: the title, the rules and the question.
    campaign.translations = {
        "fr": {
            "title": "Votre meilleur moment café",
            "rules_text": "Partagez une photo de votre moment café ; votez chaque jour pour "
            "vos préférées.",
        }
    }
    campaign.settings = {
        **campaign.settings,
        "fields": [{"key": "place", "label": "Where was it taken?", "required": False}],
        "translations": {"fr": {"label_place": "Où a-t-elle été prise ?"}},
    }
    lifecycle.set_status(campaign, "live", now=now)
    fans = list(
        db.session.scalars(
            select(FanProfile).where(FanProfile.brand_id == brand.id).order_by(FanProfile.id)
        )
    )
    if len(fans) < 2:
        return []
    rng = random.Random("demo-photo")
    authors = rng.sample(fans, min(len(CAPTIONS), len(fans)))
    made = []
    for number, (fan, caption) in enumerate(zip(authors, CAPTIONS, strict=False)):
        at = campaign.starts_at + timedelta(hours=6 + 20 * number)
        entry = entries.submit(
            campaign, fan, io.BytesIO(painting(rng)), caption=caption, fields={}, now=at
        )
        # The last one still waits in the moderation queue, as a real contest's would.
        if number < len(CAPTIONS) - 1:
            moderation.decide(entry, "approve", "", actor=None, now=at + timedelta(hours=1))
            made.append(entry)
    votes = 0
    for fan in rng.sample(fans, min(VOTERS, len(fans))):
        at = now - timedelta(hours=rng.uniform(1, 24 * 3))
        for entry in rng.sample(made, rng.randint(1, 3)):
            if entry.fan_id != fan.id and entry.created_at < at:
                voting.vote(campaign, fan, entry.id, now=at)
                votes += 1
    return [f"Demo photo contest {TITLE!r} (/{SLUG}) with {len(made) + 1} entries, {votes} votes."]
