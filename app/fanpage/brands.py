"""The brand a fan page is for: found by its slug, its colours made safe to print."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Brand

COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
DEFAULT_THEME = {"primary": "#2d3a8c", "accent": "#f2b134"}


def load_brand(slug: str | None) -> Brand | None:
    if slug is None:
        return None
    return db.session.scalar(select(Brand).where(Brand.slug == slug.lower()))


def theme(brand: Brand | None) -> dict:
    """The brand's colours, only if they are plain hex colours, with a readable text colour."""
    chosen = dict(DEFAULT_THEME)
    for key in ("primary", "accent"):
        value = ((brand.theme or {}).get(key) if brand is not None else None) or ""
        if COLOUR_RE.match(value):
            chosen[key] = value
    chosen["on_primary"] = "#111111" if _luminance(chosen["primary"]) > 0.5 else "#ffffff"
    chosen["on_accent"] = "#111111" if _luminance(chosen["accent"]) > 0.5 else "#ffffff"
    return chosen


def _luminance(colour: str) -> float:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g_, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g_ + 0.0722 * b
