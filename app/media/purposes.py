"""Media purposes: the core's own and those kinds register; an upload names a registered one."""

import re

from flask import Flask, current_app

EXTENSION_KEY = "superfan.media_purposes"
# The database refuses anything else too (ck_media_file_purpose_wellformed).
PATTERN = re.compile(r"[a-z][a-z0-9_]{1,31}")
CORE_PURPOSES = ("brand_logo", "badge_image")


def register_media_purposes(app: Flask, purposes) -> None:
    """Add purposes a kind stores images for (kinds of one package may share one)."""
    known = app.extensions.setdefault(EXTENSION_KEY, set(CORE_PURPOSES))
    for purpose in purposes:
        if not PATTERN.fullmatch(purpose):
            raise ValueError(f"media purpose {purpose!r}: lowercase letters, digits and _ only")
        known.add(purpose)


def known_purposes() -> frozenset[str]:
    return frozenset(current_app.extensions.get(EXTENSION_KEY, CORE_PURPOSES))


def check_purpose(purpose: str) -> None:
    """Refuse a purpose no kind registered: a programming error, not a fan's."""
    known = known_purposes()
    if purpose not in known:
        raise ValueError(f"unknown media purpose {purpose!r} (known: {', '.join(sorted(known))})")
