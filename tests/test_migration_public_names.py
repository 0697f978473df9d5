"""Migration 0013 gives every fan a public name that does not come from their email."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import insert, select

from app.extensions import db
from app.identity.pseudonyms import pseudonym
from app.models import Brand, FanProfile, User
from tests.conftest import build_app


def test_names_made_from_emails_and_guest_names_become_pseudonyms(sqlite_url):
    app = build_app(sqlite_url)
    with app.app_context():
        downgrade(revision="0012")
        # Core, not the model: the Brand model has columns that revision 0012 lacks.
        french_id = db.session.scalar(
            insert(Brand.__table__)
            .values(slug="bistro", name="Bistro", locale="fr")
            .returning(Brand.__table__.c.id)
        )
        people = {
            "local part": {"email": "jane.doe@example.com", "display_name": "jane.doe"},
            "whole email": {"email": "boss@example.com", "display_name": "boss@example.com"},
            "no name": {"email": "quiet@example.com", "display_name": ""},
            "guest": {"display_name": "Guest"},
            "chosen": {"email": "sam@example.com", "display_name": "Sam the Barista"},
        }
        ids = {
            label: db.session.scalar(
                insert(User.__table__).values(**row).returning(User.__table__.c.id)
            )
            for label, row in people.items()
        }
        db.session.add(FanProfile(brand_id=french_id, user_id=ids["guest"], referral_code="g1"))
        db.session.commit()
        db.session.close()

        upgrade(revision="0013")

        names = {
            label: db.session.scalar(select(User.display_name).where(User.id == ids[label]))
            for label in ids
        }
        assert names == {
            "local part": pseudonym("en", seed=ids["local part"]),
            "whole email": pseudonym("en", seed=ids["whole email"]),
            "no name": pseudonym("en", seed=ids["no name"]),
            "guest": pseudonym("fr", seed=ids["guest"]),  # the language of the fan's brand
            "chosen": "Sam the Barista",
        }
        db.session.remove()
        db.engine.dispose()
