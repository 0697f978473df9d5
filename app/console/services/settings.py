"""Brand settings: name, colours, language, time zone, frame origins, the brand-site secret."""

import ipaddress
import re
import secrets
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from app.console.services import Invalid
from app.console.services.brands import DEFAULT_THEME, NAME_MAX
from app.extensions import db
from app.i18n import SUPPORTED_LOCALES
from app.media import delete_media, get_media, media_url, store_image
from app.models import Brand

COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")
HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_ORIGINS = 50
LANGUAGES = {"en": "English", "fr": "Français"}


@cache
def time_zones() -> list[str]:
    """Every IANA zone name this machine knows, sorted (read once: it walks the tz database)."""
    return sorted(available_timezones())


@dataclass
class SettingsForm:
    """The settings as typed, so a refused form comes back exactly as it was sent."""

    name: str
    primary: str
    accent: str
    locale: str
    timezone: str
    frame_origins: str

    @classmethod
    def from_brand(cls, brand: Brand) -> "SettingsForm":
        theme = {**DEFAULT_THEME, **(brand.theme or {})}
        return cls(
            name=brand.name,
            primary=theme["primary"],
            accent=theme["accent"],
            locale=brand.locale,
            timezone=brand.timezone,
            frame_origins="\n".join(brand.frame_origins or []),
        )

    @classmethod
    def from_form(cls, form) -> "SettingsForm":
        return cls(**{field: form.get(field, "") for field in cls.__dataclass_fields__})


def parse_origin(line: str) -> str:
    """One allowed frame origin, normalised ('https://shop.example.com:8443'), or ValueError."""
    parts = urlsplit(line)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not line.lower().startswith(f"{scheme}://"):
        raise ValueError("start it with https:// (or http:// for a test site)")
    if parts.username is not None or parts.password is not None:
        raise ValueError("remove the user name and password")
    if parts.path not in ("", "/"):
        raise ValueError(f"an origin has no path: remove “{parts.path}”")
    if parts.query or parts.fragment or line.endswith(("?", "#")):
        raise ValueError("an origin has no ?query or #fragment: remove them")
    host = parts.hostname or ""
    if "*" in host:
        raise ValueError("wildcards are not allowed: list each site on its own line")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("the port must be a number from 1 to 65535") from None
    if port == 0:
        raise ValueError("the port must be a number from 1 to 65535")
    host = _normalise_host(host)
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def _normalise_host(host: str) -> str:
    if not host:
        raise ValueError("there is no host name after the scheme")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"“{host}” is not a valid host name") from None
    labels = host.rstrip(".").split(".")
    if len(host) > 253 or not all(HOST_LABEL.fullmatch(label) for label in labels):
        raise ValueError(f"“{host}” is not a valid host name")
    return host.rstrip(".")


def parse_frame_origins(text: str) -> tuple[list[str], list[str]]:
    """The origins, one per line, without duplicates; and a message for each bad line."""
    origins, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            origin = parse_origin(line)
        except ValueError as error:
            problems.append(f"Line {number} (“{line}”): {error}.")
            continue
        if origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        problems.append(f"List at most {MAX_ORIGINS} origins.")
    return origins, problems


def update_settings(brand: Brand, form: SettingsForm) -> None:
    """Check every field, then change the brand; a single bad field changes nothing."""
    problems = {}
    name = form.name.strip()
    if not name or len(name) > NAME_MAX:
        problems["name"] = f"Enter a name of 1 to {NAME_MAX} characters."
    for field in ("primary", "accent"):
        if not COLOUR_PATTERN.fullmatch(getattr(form, field).strip()):
            problems[field] = "Use a colour like #1f4f8b: a # and six hexadecimal digits."
    if form.locale not in SUPPORTED_LOCALES:
        problems["locale"] = f"Choose one of: {', '.join(SUPPORTED_LOCALES)}."
    if form.timezone.strip() not in time_zones():
        problems["timezone"] = (
            f"“{form.timezone.strip()}” is not a time zone we know; use a name like Europe/Paris "
            "or America/New_York."
        )
    origins, origin_problems = parse_frame_origins(form.frame_origins)
    if origin_problems:
        problems["frame_origins"] = " ".join(origin_problems)
    if problems:
        raise Invalid(problems)
    brand.name = name
    # Assign a new dict: the JSON column notices replacement, not mutation.
    brand.theme = {
        **(brand.theme or {}),
        "primary": form.primary.strip().lower(),
        "accent": form.accent.strip().lower(),
    }
    brand.locale = form.locale
    brand.timezone = form.timezone.strip()
    brand.frame_origins = origins
    db.session.flush()


def regenerate_secret(brand: Brand) -> str:
    """A new secret for brand-site sign-in; tokens signed with the old one stop working."""
    brand.embed_secret = secrets.token_hex(32)
    db.session.flush()
    return brand.embed_secret


def _logo(brand: Brand):
    key = (brand.theme or {}).get("logo")
    media = get_media(key) if key else None
    return media if media is not None and media.brand_id == brand.id else None


def logo_url(brand: Brand) -> str | None:
    media = _logo(brand)
    return media_url(media, "thumb") if media is not None else None


def replace_logo(brand: Brand, upload) -> None:
    """Store an uploaded logo in place of the old one; UploadRejected says what is wrong."""
    if upload is None or not upload.filename:
        raise Invalid({"logo": "Choose an image file (JPEG, PNG, WebP or GIF)."})
    old = _logo(brand)
    media = store_image(upload.stream, brand_id=brand.id, purpose="brand_logo")
    brand.theme = {**(brand.theme or {}), "logo": media.key}
    if old is not None:
        delete_media(old)
    db.session.flush()
