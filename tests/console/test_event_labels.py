"""Staff read what a fan did in words of their language, never an event type's key."""

from app.engagement import record
from app.extensions import db
from tests.factories import make_campaign, make_fan

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


def test_the_fan_page_names_each_action_in_the_members_language(owner_client, brand):
    ada = make_fan(brand, "Ada Lovelace")
    spring = make_campaign(brand, "spring", title="Spring Game")
    record(ada, "return_visit", key="day-1")
    record(ada, "campaign_viewed", campaign=spring, key="view-1")
    db.session.commit()

    english = owner_client.get(f"/console/acme/fans/{ada.id}").get_data(as_text=True)
    assert "Return visit" in english and "Campaign viewed" in english
    french = owner_client.get(f"/console/acme/fans/{ada.id}", headers=FRENCH)
    page = french.get_data(as_text=True)
    assert "Visite de retour" in page and "Campagne vue" in page
    assert "return visit" not in page and "return_visit" not in page


def test_the_badge_editor_offers_actions_by_name(owner_client, brand):
    page = owner_client.get("/console/acme/badges/new", headers=FRENCH).get_data(as_text=True)
    assert '<option value="quiz_completed">Quiz terminé</option>' in page
