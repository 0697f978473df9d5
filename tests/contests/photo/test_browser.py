"""In a real browser: a fan sends a photo inside the brand's iframe, a moderator approves it,
and another fan signs in from the vote button's place and votes for it."""

import io

from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Brand, Campaign
from contests.photo.models import PhotoEntry
from tests.browser.conftest import context, host_page, live, oidc, sites  # noqa: F401 - fixtures
from tests.games.conftest import PASSWORD, staff_user


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), "#c98a4b").save(out, "JPEG")
    return out.getvalue()


def test_upload_in_the_iframe_approve_in_the_console_vote_as_another_fan(
    browser,
    context,  # noqa: F811 - the fixture imported above
    live,  # noqa: F811
    sites,  # noqa: F811
):
    site = sites()
    live.seed(site.url)
    with live.app.app_context():
        brand = db.session.scalar(select(Brand).where(Brand.slug == "acme"))
        db.session.add(
            Campaign(
                brand_id=brand.id,
                kind="contest.photo",
                slug="photos",
                title="Best coffee photo",
                status="live",
                settings={"moderation": "pre"},
            )
        )
        owner = staff_user(brand, "owner").email
    site.pages["/"] = host_page(live.snippet(campaign="photos"))
    errors = []

    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site.url + "/")
    contest = page.frame_locator("iframe[data-superfan]")
    contest.get_by_label("Photo").set_input_files(
        {"name": "cup.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    contest.get_by_label("Caption").fill("<b>My</b> morning cup")
    contest.get_by_role("button", name="Send my photo").click()
    expect(contest.get_by_text("Waiting for approval")).to_be_visible()
    expect(contest.get_by_text("<b>My</b> morning cup")).to_be_visible()

    console = context.new_page()
    console.goto(live.url + "/console/login")
    console.fill("input[name=email]", owner)
    console.fill("input[name=password]", PASSWORD)
    console.locator("form button[type=submit]").click()
    console.goto(live.url + "/console/acme/photo-contests/moderation")
    console.get_by_role("button", name="Approve").click()
    expect(console.get_by_text("is now approved")).to_be_visible()

    other = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        voter = other.new_page()
        voter.on("pageerror", lambda error: errors.append(str(error)))
        voter.goto(site.url + "/")
        gallery = voter.frame_locator("iframe[data-superfan]")
        # Only fans who signed in vote: the sign-in stands where the vote button would.
        expect(gallery.get_by_text("Only fans who signed in can vote")).to_be_visible()
        with voter.expect_popup() as opened:
            gallery.get_by_role("button", name="Sign in to vote: <b>My</b> morning cup").click()
        popup = opened.value
        popup.get_by_role("link", name="Continue with Local ID").click()
        popup.get_by_label("User").fill("bob")
        popup.get_by_role("button", name="Allow").click()
        popup.wait_for_event("close")
        gallery.get_by_role("button", name="Vote: <b>My</b> morning cup").click()
        expect(gallery.get_by_text("1 vote", exact=True)).to_be_visible()
        expect(gallery.get_by_role("button", name="Vote: <b>My</b> morning cup")).to_be_disabled()
    finally:
        other.close()
    with live.app.app_context():
        assert db.session.scalars(select(PhotoEntry.vote_count)).one() == 1
    assert errors == []
