"""MediaFile's rules are constraints in the database, on both backends."""

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import MediaFile
from tests.factories import make_brand


def row(brand, **changes) -> MediaFile:
    fields = dict(
        brand_id=brand.id,
        key="0" * 32,
        purpose="contest_photo",
        content_type="image/jpeg",
        width=10,
        height=10,
        byte_size=100,
        sha256="a" * 64,
        phash=-(2**63),
        renditions={},
    )
    return MediaFile(**{**fields, **changes})


def test_a_valid_row_is_accepted(any_app):
    media = row(make_brand(), phash=2**63 - 1)
    db.session.add(media)
    db.session.commit()
    db.session.expire_all()
    assert media.phash == 2**63 - 1
    assert media.storage_name("thumb") == f"00/{'0' * 32}-thumb.jpg"


def test_any_well_formed_purpose_is_left_to_the_registry(any_app):
    db.session.add(row(make_brand(), purpose="idea_sketch_2"))
    db.session.flush()


@pytest.mark.parametrize(
    "changes",
    [
        # Kinds register purposes; the database refuses any that is empty or malformed.
        {"purpose": ""},
        {"purpose": "a"},
        {"purpose": "Avatar"},
        {"purpose": "9lives"},
        {"purpose": "with space"},
        {"purpose": "drop'table"},
        {"content_type": "image/svg+xml"},
        {"key": "short"},
        {"width": 0},
        {"height": -1},
        {"byte_size": 0},
        {"sha256": "abc"},
    ],
    ids=lambda changes: next(iter(changes)),
)
def test_bad_rows_are_refused(any_app, changes):
    db.session.add(row(make_brand(), **changes))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_keys_are_unique(any_app):
    brand = make_brand()
    db.session.add_all([row(brand), row(brand, sha256="b" * 64)])
    with pytest.raises(IntegrityError):
        db.session.flush()
