"""Migration 0013 gives every fan a public name that does not come from their email."""

from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.identity.pseudonyms import pseudonym
from app.models import FanProfile, User
from tests.conftest import build_app
from tests.factories import make_brand


def test_names_made_from_emails_and_guest_names_become_pseudonyms(sqlite_url):
    app = build_app(sqlite_url)
    with app.app_context():
        downgrade(revision="0012")
        french = make_brand("bistro", locale="fr")
        people = {
            "local part": User(email="jane.doe@example.com", display_name="jane.doe"),
            "whole email": User(email="boss@example.com", display_name="boss@example.com"),
            "no name": User(email="quiet@example.com", display_name=""),
            "guest": User(display_name="Guest"),
            "chosen": User(email="sam@example.com", display_name="Sam the Barista"),
        }
        db.session.add_all(people.values())
        db.session.flush()
        db.session.add(FanProfile(brand_id=french.id, user=people["guest"], referral_code="g1"))
        ids = {label: user.id for label, user in people.items()}
        db.session.commit()
        db.session.close()

        upgrade(revision="0013")

        names = {label: db.session.get(User, ids[label]).display_name for label in ids}
        assert names == {
            "local part": pseudonym("en", seed=ids["local part"]),
            "whole email": pseudonym("en", seed=ids["whole email"]),
            "no name": pseudonym("en", seed=ids["no name"]),
            "guest": pseudonym("fr", seed=ids["guest"]),  # the language of the fan's brand
            "chosen": "Sam the Barista",
        }
        db.session.remove()
        db.engine.dispose()
