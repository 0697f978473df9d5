"""The analytics pages of the demo in Chromium: charts drawn with data, beside tables that
hold the same numbers."""

import shutil

import pytest
from sqlalchemy import select

from app.demo import BRAND_SLUG, OWNER_EMAIL, OWNER_PASSWORD, load_demo
from app.extensions import db
from app.models import Campaign
from tests.browser.conftest import Server
from tests.conftest import build_app

# Each drawn line's values and each table's numbers (digits only: the page writes 1,234).
READ = """(section) => {
  const root = document.getElementById(section);
  const digits = (text) => Number(text.replace(/[^0-9]/g, ""));
  const lines = [...root.querySelectorAll("svg path.line")].map((path) => {
    const box = path.getBBox();
    const values = path.dataset.values.split(",").map(Number);
    return {values, width: box.width, height: box.height};
  });
  const bars = [...root.querySelectorAll("svg rect.bar")].map((rect) => {
    const box = rect.getBBox();
    const value = Number(rect.dataset.value);
    return {label: rect.dataset.label, value, width: box.width, height: box.height};
  });
  const rows = [...root.querySelectorAll("table tbody tr")].map((tr) => ({
    label: tr.querySelector("th").textContent.trim(),
    numbers: [...tr.querySelectorAll("td")].map((td) => digits(td.textContent)),
  }));
  return {lines, bars, rows};
}"""


@pytest.fixture(scope="module")
def demo(sqlite_template, tmp_path_factory):
    """The demo (its analytics events included) on a live app, loaded once: the pages only read."""
    path = tmp_path_factory.mktemp("analytics-demo") / "superfan.db"
    shutil.copy(sqlite_template, path)
    app = build_app(f"sqlite:///{path}", KIND_PACKAGES=("games", "contests"))
    with app.app_context():
        load_demo()
        campaigns = db.session.scalars(select(Campaign.id).order_by(Campaign.id)).all()
    server = Server(wsgi=app)
    yield app, f"http://127.0.0.1:{server.port}", campaigns
    server.stop()
    with app.app_context():
        db.engine.dispose()


def signed_in_page(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/console/login")
    page.get_by_label("Email").fill(OWNER_EMAIL)
    page.get_by_label("Password").fill(OWNER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))
    return context, page


def test_the_brand_overview_draws_its_charts_with_the_numbers_of_its_tables(browser, demo):
    _app, base, _campaigns = demo
    context, page = signed_in_page(browser, base)
    page.goto(f"/console/{BRAND_SLUG}/")
    page.get_by_role("link", name="Analytics", exact=True).click()
    page.wait_for_url(f"**/console/{BRAND_SLUG}/analytics/")
    assert page.get_by_role("heading", name="Analytics", level=1).is_visible()

    traffic = page.evaluate(READ, "traffic")
    visitors, plays = traffic["lines"]
    assert sum(visitors["values"]) > 0 and sum(plays["values"]) > 0
    assert visitors["width"] > 0 and visitors["height"] > 0
    assert [row["numbers"][0] for row in traffic["rows"]] == visitors["values"]
    assert [row["numbers"][1] for row in traffic["rows"]] == plays["values"]

    scores = page.evaluate(READ, "scores")
    assert any(bar["width"] > 0 and bar["height"] > 0 for bar in scores["bars"])
    assert [(bar["label"], bar["value"]) for bar in scores["bars"]] == [
        (row["label"], row["numbers"][0]) for row in scores["rows"]
    ]
    # The headline's visitors are the brand's, in words a member reads.
    assert page.locator('[data-figure="visitors"] .figure-value').inner_text().strip() != "0"
    # The chart fits the page: nothing wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()


def test_a_campaign_page_draws_its_funnel_and_days_with_the_numbers_of_its_tables(browser, demo):
    _app, base, campaigns = demo
    context, page = signed_in_page(browser, base)
    page.goto(f"/console/{BRAND_SLUG}/campaigns/{campaigns[0]}")
    page.locator(".campaign-tabs").get_by_role("link", name="Analytics", exact=True).click()
    page.wait_for_url(f"**/campaigns/{campaigns[0]}/analytics")

    funnel = page.evaluate(READ, "funnel")
    assert funnel["bars"][0]["value"] > 0 and funnel["bars"][0]["width"] > 0
    # Each bar is its row's visitors (a long label is shortened in the chart only).
    assert len(funnel["bars"]) == len(funnel["rows"])
    for bar, row in zip(funnel["bars"], funnel["rows"], strict=True):
        assert bar["value"] == row["numbers"][0]
        assert row["label"].startswith(bar["label"].rstrip("…"))

    over_time = page.evaluate(READ, "over-time")
    viewed = over_time["lines"][0]
    assert sum(viewed["values"]) > 0 and viewed["width"] > 0 and viewed["height"] > 0
    for n, line in enumerate(over_time["lines"]):
        assert [row["numbers"][n] for row in over_time["rows"]] == line["values"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()
