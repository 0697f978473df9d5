"""Every console page of the demo, at 1280x900: it opens, fits the screen, labels every input.

The pages are found in the app's URL map, not listed by hand, so a new console page is
checked the day it is added. Its arguments come from the demo's rows; an argument nobody
here knows how to fill fails the test rather than skipping the page.
"""

import pytest
from sqlalchemy import select

from app.console.services.members import invite
from app.demo import BRAND_SLUG, OWNER_EMAIL, OWNER_PASSWORD, load_demo
from app.extensions import db
from app.identity.staff_accounts import reset_token
from app.models import Badge, Brand, Campaign, ExportLog, FanProfile, User
from contests.photo import jury
from tests.browser.conftest import Server
from tests.conftest import build_app

WIDTH, HEIGHT = 1280, 900

# Console GET endpoints this test cannot open as a page, and why.
NOT_PAGES = {
    "staff.oidc_start": "sends the browser to the OpenID provider; the demo configures none",
    "staff.oidc_callback": "answers the OpenID provider's redirect, with its code and state",
    "console_exports.file": "an export's file to download, linked from the export's page",
    "console_exports.progress": "the JSON an export's page polls while its job runs",
}
# Pages for someone not signed in yet (the sign-in page sends a signed-in member on).
SIGNED_OUT = ("staff.login", "staff.reset_request", "staff.reset", "console.invitation")
# Files to download, not pages to look at.
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".json", ".png")

# Inputs a person fills that have no label they can see (label[for], a wrapping label or
# aria-labelledby text); also the page's width beyond the viewport.
LOOK = """() => {
  const shown = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 2 && box.height > 2 && style.visibility !== "hidden";
  };
  const says = (el) => shown(el) && el.innerText.trim().length > 0;
  const unlabelled = [];
  for (const input of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset", "image"].includes(input.type)) continue;
    if (!shown(input)) continue;
    const byLabel = Array.from(input.labels || []).some(says);
    const byText = (input.getAttribute("aria-labelledby") || "").split(/\\s+/)
      .some((id) => says(document.getElementById(id)));
    if (!byLabel && !byText) unlabelled.push(input.outerHTML.split(">")[0].slice(0, 160) + ">");
  }
  return {width: document.documentElement.scrollWidth, unlabelled};
}"""


@pytest.fixture
def demo(sqlite_url):
    """The demo loaded into a live app, plus one invitation and one reset link."""
    # The kinds the demo ships with (app/config.py's default); the test kind has no demo rows.
    app = build_app(sqlite_url, KIND_PACKAGES=("games", "contests"))
    with app.app_context():
        load_demo()
        brand = db.session.scalar(select(Brand).where(Brand.slug == BRAND_SLUG))
        owner = db.session.scalar(select(User).where(User.email == OWNER_EMAIL))
        _, invitation = invite(brand, owner, "new.colleague@demo.superfan.test", "analyst")
        reset = reset_token(owner)
        campaigns = db.session.scalars(
            select(Campaign).where(Campaign.brand_id == brand.id).order_by(Campaign.id)
        ).all()
        for contest in (c for c in campaigns if c.kind == "contest.photo"):
            jury.seat_juror(contest, owner.id)  # the scoring page is for jurors only
        export = ExportLog(
            brand_id=brand.id, user_id=owner.id, actor=OWNER_EMAIL, format="csv", row_count=3
        )
        db.session.add(export)
        db.session.commit()
        rows = {
            "brand_slug": [BRAND_SLUG],
            "campaign_id": [campaign.id for campaign in campaigns],
            "badge_id": db.session.scalars(
                select(Badge.id).where(Badge.brand_id == brand.id).order_by(Badge.id)
            ).all(),
            "export_id": [export.id],
            # The best fan: every section of the fan page has rows.
            "fan_id": db.session.scalars(
                select(FanProfile.id)
                .where(FanProfile.brand_id == brand.id)
                .order_by(FanProfile.score_base.desc())
                .limit(1)
            ).all(),
        }
    tokens = {"console.invitation": invitation, "staff.reset": reset}
    server = Server(wsgi=app)
    yield app, f"http://127.0.0.1:{server.port}", rows, tokens
    server.stop()
    with app.app_context():
        db.engine.dispose()


def console_pages(app, rows, tokens, request, signed_in) -> tuple[list[str], list[str]]:
    """The URL of every GET console page, filled from the demo; and what could not be filled."""
    urls, unfilled = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if not rule.rule.startswith("/console") or "GET" not in rule.methods:
            continue
        if rule.endpoint in NOT_PAGES or rule.rule.endswith(DOWNLOAD_SUFFIXES):
            continue
        if (rule.endpoint in SIGNED_OUT) == signed_in:
            continue
        choices = {"token": [tokens[rule.endpoint]]} if rule.endpoint in tokens else {}
        choices.update({arg: rows[arg] for arg in rule.arguments if arg in rows})
        missing = sorted(set(rule.arguments) - set(choices))
        if missing:
            unfilled.append(f"{rule.endpoint}: no demo value for {', '.join(missing)}")
            continue
        url = first_that_opens(app, rule, choices, request)
        if url is None:
            unfilled.append(f"{rule.endpoint}: no demo row opens it")
        else:
            urls.append(url)
    return urls, unfilled


def first_that_opens(app, rule, choices, request) -> str | None:
    """The rule's URL with the first demo values it answers 200 for (a campaign of its kind)."""
    combinations = [{}]
    for arg, values in choices.items():
        combinations = [{**done, arg: value} for done in combinations for value in values]
    for values in combinations:
        path = app.url_map.bind("").build(rule.endpoint, values)
        if request.get(path, max_redirects=0).status == 200:
            return path
    return None


def test_every_console_page_opens_fits_1280_and_labels_its_inputs(browser, demo):
    """Also: a danger button asks for confirmation before its form is sent."""
    app, base, rows, tokens = demo
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, base_url=base)
    context.set_default_timeout(15_000)
    page = context.new_page()
    problems = []

    def look(path: str) -> None:
        response = page.goto(path)
        if response is None or response.status != 200:
            problems.append(f"{path}: status {response.status if response else 'none'}")
            return
        seen = page.evaluate(LOOK)
        if seen["width"] > WIDTH:
            problems.append(f"{path}: {seen['width']}px wide")
        problems.extend(f"{path}: no visible label for {tag}" for tag in seen["unlabelled"])

    def look_at_every_page(signed_in: bool) -> int:
        urls, unfilled = console_pages(app, rows, tokens, context.request, signed_in)
        assert not unfilled, "console pages this test cannot open:\n" + "\n".join(unfilled)
        for path in urls:
            look(path)
        return len(urls)

    assert look_at_every_page(signed_in=False) == len(SIGNED_OUT)

    page.goto("/console/login")
    page.get_by_label("Email").fill(OWNER_EMAIL)
    page.get_by_label("Password").fill(OWNER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))

    # The shell's pages and every kind's, all found in the URL map.
    assert look_at_every_page(signed_in=True) >= 20

    # A dangerous button asks first; saying no sends nothing.
    page.goto(f"/console/{BRAND_SLUG}/members/")
    questions, posts = [], []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else 0)
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Remove").click()
    page.evaluate("1")  # a round trip: a form sent by the click would be seen by now
    assert questions == ["Remove Demo Owner from the team of Lumen Coffee?"]
    assert posts == []
    context.close()
    assert not problems, "\n".join(problems)
