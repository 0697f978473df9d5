"""Brand settings: name, colours, language, time zone, frame origins, the brand-site secret."""

import ipaddress
import re
import secrets
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from flask_babel import gettext as _

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
# A threshold above any score a fan could reach is a typing slip, not a choice.
SUPERFAN_SCORE_MAX = 1_000_000
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
    # Fan pages in the brand's language even when the browser prefers another.
    locale_wins: bool = False
    # Languages campaign content is written in besides the default (Brand.content_locales).
    content_locales: tuple[str, ...] = ()
    # The super-fan threshold as typed (Brand.superfan_score); None: not sent, left as it is.
    superfan_score: str | None = None

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
            locale_wins=bool(brand.locale_wins),
            content_locales=tuple(brand.content_locales or ()),
            superfan_score=str(brand.superfan_score),
        )

    @classmethod
    def from_form(cls, form) -> "SettingsForm":
        texts = {field: form.get(field, "") for field in cls.__dataclass_fields__}
        return cls(
            **{
                **texts,
                "locale_wins": form.get("locale_wins") == "on",
                "content_locales": tuple(form.getlist("content_locales")),
                "superfan_score": form.get("superfan_score"),
            }
        )


def parse_origin(line: str) -> str:
    """One allowed frame origin, normalised ('https://shop.example.com:8443'), or ValueError.

    Only what a CSP frame-ancestors source can say and the fan pages can match exactly: a
    scheme, a host name or IPv4 address, a port; no path, no wildcard, no IPv6 literal.
    """
    parts = urlsplit(line)
    scheme = parts.scheme.lower()
    if "://" not in line and "*" not in line and "/" not in line and " " not in line:
        raise ValueError(_("start it with https://, like https://%(host)s", host=line.lower()))
    if scheme not in DEFAULT_PORTS or not line.lower().startswith(f"{scheme}://"):
        raise ValueError(_("start it with https:// (or http:// for a test site)"))
    if parts.username is not None or parts.password is not None:
        raise ValueError(_("remove the user name and password"))
    if parts.path not in ("", "/"):
        raise ValueError(_("an origin has no path: remove “%(path)s”", path=parts.path))
    if parts.query or parts.fragment or line.endswith(("?", "#")):
        raise ValueError(_("an origin has no ?query or #fragment: remove them"))
    host = parts.hostname or ""
    if "*" in host:
        raise ValueError(_("wildcards are not allowed: list each site on its own line"))
    try:
        port = parts.port
    except ValueError:
        raise ValueError(_("the port must be a number from 1 to 65535")) from None
    if port == 0:
        raise ValueError(_("the port must be a number from 1 to 65535"))
    host = _normalise_host(host)
    if port is None or port == DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def _normalise_host(host: str) -> str:
    if not host:
        raise ValueError(_("there is no host name after the scheme"))
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        if address.version == 6:
            raise ValueError(_("browsers cannot allow framing by an IPv6 address: use a host name"))
        return address.compressed
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(_("“%(host)s” is not a valid host name", host=host)) from None
    labels = host.rstrip(".").split(".")
    if len(host) > 253 or not all(HOST_LABEL.fullmatch(label) for label in labels):
        raise ValueError(_("“%(host)s” is not a valid host name", host=host))
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
            problems.append(
                _(
                    "Line %(number)d (“%(line)s”): %(problem)s.",
                    number=number,
                    line=line,
                    problem=error,
                )
            )
            continue
        if origin not in origins:
            origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        problems.append(_("List at most %(count)d origins.", count=MAX_ORIGINS))
    return origins, problems


def update_settings(brand: Brand, form: SettingsForm) -> None:
    """Check every field, then change the brand; a single bad field changes nothing."""
    problems = {}
    name = form.name.strip()
    if not name or len(name) > NAME_MAX:
        problems["name"] = _("Enter a name of 1 to %(count)d characters.", count=NAME_MAX)
    for field in ("primary", "accent"):
        if not COLOUR_PATTERN.fullmatch(getattr(form, field).strip()):
            problems[field] = _("Use a colour like #1f4f8b: a # and six hexadecimal digits.")
    if form.locale not in SUPPORTED_LOCALES:
        problems["locale"] = _("Choose one of: %(choices)s.", choices=", ".join(SUPPORTED_LOCALES))
    if form.timezone.strip() not in time_zones():
        problems["timezone"] = _(
            "“%(zone)s” is not a time zone we know; use a name like Europe/Paris "
            "or America/New_York.",
            zone=form.timezone.strip(),
        )
    origins, origin_problems = parse_frame_origins(form.frame_origins)
    if origin_problems:
        problems["frame_origins"] = " ".join(origin_problems)
    threshold = _superfan_score(form.superfan_score, problems)
    if problems:
        raise Invalid(problems)
    if threshold is not None:
        brand.superfan_score = threshold
    brand.name = name
    # Assign a new dict: the JSON column notices replacement, not mutation.
    brand.theme = {
        **(brand.theme or {}),
        "primary": form.primary.strip().lower(),
        "accent": form.accent.strip().lower(),
    }
    brand.locale = form.locale
    brand.locale_wins = form.locale_wins
    # The default language is always written; only the others are stored, in a stable order.
    brand.content_locales = [
        code for code in SUPPORTED_LOCALES if code in form.content_locales and code != form.locale
    ]
    brand.timezone = form.timezone.strip()
    brand.frame_origins = origins
    db.session.flush()


def _superfan_score(typed: str | None, problems: dict) -> int | None:
    """The threshold as a whole number from 0 to SUPERFAN_SCORE_MAX; None when not sent."""
    if typed is None:
        return None
    text = typed.strip()
    if not text.isdigit() or int(text) > SUPERFAN_SCORE_MAX:
        problems["superfan_score"] = _(
            "Enter a whole number from 0 to %(max)d.", max=SUPERFAN_SCORE_MAX
        )
        return None
    return int(text)


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
        raise Invalid({"logo": _("Choose an image file (JPEG, PNG, WebP or GIF).")})
    old = _logo(brand)
    media = store_image(upload.stream, brand_id=brand.id, purpose="brand_logo")
    brand.theme = {**(brand.theme or {}), "logo": media.key}
    if old is not None:
        delete_media(old)
    db.session.flush()
