"""Every file of the shared upload corpus goes through the contest's upload endpoint."""

import io
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.media import get_storage
from app.models import MediaFile
from contests.photo.models import PhotoEntry
from tests.media.test_corpus import ACCEPTED, GPS_IFD, MESSAGES, NAMES, expectation


def files_left(root: str) -> set[Path]:
    return {path for path in Path(root).rglob("*") if path.is_file()}


@pytest.mark.parametrize("name", NAMES)
def test_corpus_file_through_the_contest(corpus, name, contest, new_fan):
    outcome = expectation(name)
    fan = new_fan()
    before = files_left(current_app.config["MEDIA_ROOT"])
    answer = fan.upload((corpus / name).read_bytes(), caption=name, expect=None)
    if outcome == ACCEPTED:
        assert answer["entry"]["status"] == "pending", answer
        media = db.session.scalars(select(MediaFile)).one()
        with get_storage().open(media.storage_name()) as stored:
            data = stored.read()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format in ("JPEG", "PNG")
            assert image.getexif().get(GPS_IFD) is None
        assert b"<?php" not in data
    else:
        assert answer == {"error": MESSAGES[outcome], "code": outcome}
        assert db.session.scalar(select(func.count()).select_from(PhotoEntry)) == 0
        assert db.session.scalar(select(func.count()).select_from(MediaFile)) == 0
        assert files_left(current_app.config["MEDIA_ROOT"]) == before
