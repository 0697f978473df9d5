"""The campaign list and the nav that campaign kinds plug into."""

from datetime import UTC, datetime

from app.extensions import db
from app.models import CampaignParticipation, utcnow
from tests.console.conftest import make_client, make_user
from tests.factories import make_brand, make_campaign, make_fan


def participate(campaign, fans) -> None:
    for fan in fans:
        db.session.add(
            CampaignParticipation(
                campaign_id=campaign.id,
                fan_id=fan.id,
                points=5,
                first_at=utcnow(),
                last_at=utcnow(),
            )
        )


def test_the_list_shows_status_dates_and_participants(app, client):
    brand = make_brand("acme", timezone="Europe/Paris")
    spring = make_campaign(
        brand,
        "spring",
        title="Spring Quiz",
        status="scheduled",
        starts_at=datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 31, 20, 0, tzinfo=UTC),
    )
    summer = make_campaign(brand, "summer", title="Summer Photos", status="draft")
    fans = [make_fan(brand) for _ in range(3)]
    participate(spring, fans)
    participate(summer, fans[:1])
    other = make_brand("other")
    participate(make_campaign(other, "elsewhere", title="Elsewhere"), [make_fan(other)])
    make_user("boss@acme.test", brand=brand)
    client.login("boss@acme.test")

    page = client.get("/console/acme/").get_data(as_text=True)
    rows = {
        title: row
        for row in page.split("<tr>")
        for title in ("Spring Quiz", "Summer Photos")
        if title in row
    }
    assert '<td class="num">3</td>' in rows["Spring Quiz"]
    assert '<td class="num">1</td>' in rows["Summer Photos"]
    assert "scheduled" in rows["Spring Quiz"] and "draft" in rows["Summer Photos"]
    # Dates in the brand's zone: 08:00 UTC on 1 March is 09:00 in Paris.
    assert "2026-03-01 09:00" in rows["Spring Quiz"]
    assert "2026-03-31 22:00" in rows["Spring Quiz"]
    assert "Test game" in rows["Spring Quiz"]  # the kind's label from the registry
    assert "Elsewhere" not in page


def test_every_kind_is_offered_under_new_campaign_and_every_campaign_links_to_its_page(app):
    brand = make_brand("acme")
    campaign = make_campaign(brand, "plugged", title="Plugged In")
    make_user("boss@acme.test", brand=brand)
    make_user("ana@acme.test", brand=brand, role="analyst")
    client = make_client(app)
    client.login("boss@acme.test")
    page = client.get("/console/acme/").get_data(as_text=True)
    assert "New campaign" in page
    assert 'href="/console/acme/campaigns/new?kind=test.game"' in page
    assert 'href="/console/acme/campaigns/new?kind=contest.photo"' in page
    assert f'href="/console/acme/campaigns/{campaign.id}"' in page

    analyst = make_client(app)
    analyst.login("ana@acme.test")
    assert "/campaigns/new" not in analyst.get("/console/acme/").get_data(as_text=True)
    assert analyst.get("/console/acme/campaigns/new").status_code == 403
    assert analyst.get(f"/console/acme/campaigns/{campaign.id}").status_code == 403


def test_the_campaign_list_counts_on_postgresql(pg_app, pg_client):
    brand = make_brand("acme")
    campaign = make_campaign(brand, "pg", title="PG Quiz")
    participate(campaign, [make_fan(brand) for _ in range(2)])
    make_user("boss@acme.test", brand=brand)
    pg_client.login("boss@acme.test")
    page = pg_client.get("/console/acme/").get_data(as_text=True)
    assert '<td class="num">2</td>' in page
