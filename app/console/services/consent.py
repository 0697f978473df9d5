"""The brand's marketing consent text: every change is a new version, old ones stay.

The current text is the newest version (highest id); a fan's consent records the version
they accepted, so the history shows how many fans accepted each one. A version holds the text
in the brand's default language and, optionally, in each other language fans may choose;
a fan whose language has no text reads the default one.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.console.services import Invalid, lock_brand
from app.extensions import db
from app.i18n import LANGUAGE_NAMES, SUPPORTED_LOCALES
from app.models import Brand, ConsentRecord, ConsentText, FanProfile

BODY_MAX = 5000


def normalise_body(body: str) -> str:
    """Line endings and outer blank space are not a change of wording."""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def current_text(brand: Brand) -> ConsentText | None:
    return db.session.scalar(
        select(ConsentText)
        .where(ConsentText.brand_id == brand.id)
        .order_by(ConsentText.id.desc())
        .limit(1)
    )


def default_language(brand: Brand) -> str:
    code = (brand.locale or "")[:2].lower()
    return code if code in SUPPORTED_LOCALES else "en"


def other_languages(brand: Brand) -> dict[str, str]:
    """The languages a version may also be written in: code -> name."""
    default = default_language(brand)
    return {code: LANGUAGE_NAMES[code] for code in SUPPORTED_LOCALES if code != default}


def save_text(
    brand: Brand, body: str, translations: dict[str, str] | None = None
) -> ConsentText | None:
    """A new version when any wording changed; None when all are the same as the current one.

    `translations` maps other language codes to the text in that language; an empty one
    means fans of that language read the default text.
    """
    body = normalise_body(body)
    problems = {}
    if not body:
        problems["body"] = _("Write the text fans agree to when they opt in to marketing.")
    elif len(body) > BODY_MAX:
        problems["body"] = _("Keep it under %(count)d characters.", count=BODY_MAX)
    written = {}
    for code, name in other_languages(brand).items():
        text = normalise_body((translations or {}).get(code) or "")
        if len(text) > BODY_MAX:
            problems[f"body_{code}"] = _(
                "Keep the %(language)s text under %(count)d characters.",
                language=name,
                count=BODY_MAX,
            )
        elif text:
            written[code] = text
    if problems:
        raise Invalid(problems)
    # Two editors saving at once must not both become the same version number.
    lock_brand(brand.id)
    current = current_text(brand)
    if current is not None and current.body == body and (current.translations or {}) == written:
        return None
    taken = set(
        db.session.scalars(select(ConsentText.version).where(ConsentText.brand_id == brand.id))
    )
    number = len(taken) + 1
    while f"v{number}" in taken:
        number += 1
    text = ConsentText(brand_id=brand.id, version=f"v{number}", body=body, translations=written)
    db.session.add(text)
    db.session.flush()
    return text


def history(brand: Brand) -> list[tuple[ConsentText, int]]:
    """Every version, newest first, with how many fans of the brand accepted it."""
    rows = db.session.execute(
        select(ConsentRecord.text_version, func.count(func.distinct(ConsentRecord.fan_id)))
        .join(FanProfile, FanProfile.id == ConsentRecord.fan_id)
        .where(
            FanProfile.brand_id == brand.id,
            ConsentRecord.purpose == "marketing",
            ConsentRecord.granted.is_(True),
        )
        .group_by(ConsentRecord.text_version)
    )
    accepted = {version: count for version, count in rows}
    texts = db.session.scalars(
        select(ConsentText).where(ConsentText.brand_id == brand.id).order_by(ConsentText.id.desc())
    )
    return [(text, accepted.get(text.version, 0)) for text in texts]
