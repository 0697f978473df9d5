"""The picture of a shared result (1200x630, what social networks show), drawn once and cached."""

import hashlib
import io
import json

from PIL import Image, ImageColor, ImageDraw, ImageFont

from app.media import get_storage

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
DEFAULT_BACKGROUND = "#1f2937"
DEFAULT_ACCENT = "#f59e0b"


def colour(value, default: str) -> tuple[int, int, int]:
    """A theme colour as RGB; a brand's typo falls back to the default, never to an error."""
    try:
        return (
            ImageColor.getrgb(value)[:3] if isinstance(value, str) else ImageColor.getrgb(default)
        )
    except ValueError:
        return ImageColor.getrgb(default)


def _ink(background: tuple[int, int, int]) -> tuple[int, int, int]:
    # Dark text on light backgrounds, light text on dark ones.
    r, g, b = background
    return (20, 20, 20) if 0.299 * r + 0.587 * g + 0.114 * b > 150 else (255, 255, 255)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".") + "…"
    return lines


def render(*, headline: str, subline: str, title: str, brand_name: str, theme: dict) -> bytes:
    """A PNG: the score or outcome large, the campaign title and brand below, in brand colours."""
    theme = theme or {}
    background = colour(theme.get("primary"), DEFAULT_BACKGROUND)
    accent = colour(theme.get("accent"), DEFAULT_ACCENT)
    ink = _ink(background)
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=accent)
    draw.rectangle((MARGIN, MARGIN, MARGIN + 120, MARGIN + 10), fill=accent)
    width = WIDTH - 2 * MARGIN
    y = MARGIN + 50
    small, big = ImageFont.load_default(size=40), ImageFont.load_default(size=96)
    draw.text((MARGIN, y), subline, font=small, fill=ink)
    y += 70
    for line in _wrap(draw, headline, big, width, 2):
        draw.text((MARGIN, y), line, font=big, fill=accent)
        y += 110
    y += 20
    for line in _wrap(draw, title, small, width, 2):
        draw.text((MARGIN, y), line, font=small, fill=ink)
        y += 52
    draw.text((MARGIN, HEIGHT - 90), brand_name, font=small, fill=ink)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def cached(token: str, brand_id: int, **content) -> bytes:
    """The picture for a share, drawn on first request and kept in media storage.

    The stored name carries a digest of what is drawn, so a new title or theme draws anew.
    """
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
    name = f"quiz-share/{brand_id}/{token}-{digest}.png"
    storage = get_storage()
    try:
        with storage.open(name) as stored:
            return stored.read()
    except FileNotFoundError:
        data = render(**content)
        storage.save(name, data)
        return data
