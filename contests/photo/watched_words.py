"""A brand's watched words: find them in fan text and apply each word's action.

Actions, strongest first: block (the entry is refused), hold (it waits for a moderator even
under post-moderation), flag (it is shown but marked for a look), mask (the word becomes
asterisks). Words match whole and case-insensitively.
"""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.campaigns.refusals import Problem, Refused
from app.extensions import db
from app.models import Brand
from contests.photo.models import WORD_ACTIONS, WatchedWord

MAX_WORD = 100


@dataclass
class Screened:
    """Fan text after the brand's words were applied, and what they asked for."""

    texts: dict[str, str]
    blocked: bool = False
    hold: bool = False
    flag: bool = False
    words: list[str] = field(default_factory=list)


def words_of(brand: Brand) -> list[WatchedWord]:
    return list(
        db.session.scalars(
            select(WatchedWord).where(WatchedWord.brand_id == brand.id).order_by(WatchedWord.word)
        )
    )


def _pattern(word: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


def screen(brand: Brand, texts: dict[str, str]) -> Screened:
    """Apply every watched word of the brand to each text."""
    result = Screened(dict(texts))
    for watched in words_of(brand):
        pattern = _pattern(watched.word)
        if not any(pattern.search(text) for text in result.texts.values()):
            continue
        result.words.append(watched.word)
        if watched.action == "block":
            result.blocked = True
        elif watched.action == "hold":
            result.hold = True
        elif watched.action == "flag":
            result.flag = True
        else:
            result.texts = {
                name: pattern.sub(lambda found: "*" * len(found.group()), text)
                for name, text in result.texts.items()
            }
    return result


def add(brand: Brand, word: str, action: str) -> WatchedWord:
    word = " ".join((word or "").split()).lower()
    if not word:
        raise Refused(Problem(_("Type the word to watch for."), "word"))
    if len(word) > MAX_WORD:
        most = _("A watched word has at most %(most)s characters.", most=MAX_WORD)
        raise Refused(Problem(most, "word"))
    if action not in WORD_ACTIONS:
        raise Refused(
            Problem(_("Choose what to do with the word: block, mask, hold or flag."), "action")
        )
    watched = WatchedWord(brand_id=brand.id, word=word, action=action)
    try:
        with db.session.begin_nested():
            db.session.add(watched)
    except IntegrityError:
        raise Refused(
            Problem(_("“%(word)s” is already watched.", word=word), "word"),
            code="taken",
            status=409,
        ) from None
    return watched


def remove(brand: Brand, word_id: int) -> None:
    watched = db.session.get(WatchedWord, word_id)
    if watched is None or watched.brand_id != brand.id:
        raise Refused(_("This word is not on the list."), code="not_found", status=404)
    db.session.delete(watched)
    db.session.flush()
