"""Badge pictures: the uploaded image or one drawn from the brand's theme; baking and unbaking."""

import io
import re

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from app.extensions import db
from app.media import get_storage
from app.models import Badge, Brand, MediaFile

SIZE = 256
BAKE_KEYWORD = "openbadges"
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_PRIMARY, DEFAULT_ACCENT = "#3b4cca", "#ffd166"


def _colour(value, default: str) -> str:
    return value if isinstance(value, str) and COLOUR.match(value) else default


def initials(name: str) -> str:
    words = [w for w in re.split(r"\W+", name) if w]
    return "".join(w[0] for w in words[:2]).upper() or "★"


def generated(brand: Brand, badge: Badge) -> Image.Image:
    """A round badge in the brand's colours with the badge's initials."""
    theme = brand.theme or {}
    primary = _colour(theme.get("primary"), DEFAULT_PRIMARY)
    accent = _colour(theme.get("accent"), DEFAULT_ACCENT)
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, SIZE - 4, SIZE - 4), fill=accent)
    draw.ellipse((20, 20, SIZE - 20, SIZE - 20), fill=primary)
    font = ImageFont.load_default(size=96)
    draw.text((SIZE / 2, SIZE / 2), initials(badge.name), fill=accent, font=font, anchor="mm")
    return image


def picture(brand: Brand, badge: Badge) -> Image.Image:
    """The uploaded image if there is one (and its file is there), else a generated one."""
    media = db.session.get(MediaFile, badge.image_id) if badge.image_id else None
    if media is not None:
        try:
            with get_storage().open(media.storage_name()) as stream:
                image = Image.open(io.BytesIO(stream.read()))
                image.load()
            return image.convert("RGBA")
        except FileNotFoundError:
            pass
    return generated(brand, badge)


def png_bytes(image: Image.Image, pnginfo: PngImagePlugin.PngInfo | None = None) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=pnginfo)
    return out.getvalue()


def bake(image: Image.Image, assertion_url: str) -> bytes:
    """A PNG carrying the assertion's URL in an iTXt chunk, as Open Badges baking specifies."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt(BAKE_KEYWORD, assertion_url)
    return png_bytes(image, info)


def unbake(data: bytes) -> str | None:
    """The assertion baked into a PNG, or None if it carries none."""
    try:
        image = Image.open(io.BytesIO(data))
    except Exception:
        return None
    if image.format != "PNG":
        return None
    image.load()
    value = image.text.get(BAKE_KEYWORD)
    return str(value) if value is not None else None
