"""`superfan demo` adds a sweepstakes already drawn, whose draw verifies."""

from sqlalchemy import select

from app.extensions import db
from app.models import Campaign
from contests.sweepstakes import demo, drawing
from tests.factories import make_brand, make_fan


def test_the_demo_sweepstakes_is_drawn_and_verifiable_and_loads_once(app):
    brand = make_brand("demo", timezone="Europe/Paris")
    for _ in range(40):
        make_fan(brand)
    lines = demo.load(brand)
    db.session.commit()
    assert "drawn and verifiable at /e/demo/coffee-for-a-year/sweepstakes/draw" in lines[0]
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == demo.SLUG))
    published = drawing.published(campaign)
    assert len(published.redraws) == 1 and len(published.picks) == 6
    result = app.test_cli_runner().invoke(args=["contests", "verify-draw", "coffee-for-a-year"])
    assert result.exit_code == 0 and "MATCH" in result.output
    assert demo.load(brand) == ["Sweepstakes 'Win a year of coffee' already loaded."]
    page = app.test_client().get("/e/demo/coffee-for-a-year/sweepstakes/draw")
    assert "<strong>MATCH</strong>" in page.get_data(as_text=True)
