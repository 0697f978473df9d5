"""A browser that blocks every cookie: the fan gets one clear notice with the way forward."""

import json
import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Brand, utcnow
from tests.browser.conftest import host_page
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.games.quiz import quizzes

# Chromium's own setting "Don't allow sites to save data" (all cookies blocked).
BLOCK_ALL_COOKIES = {"profile": {"default_content_setting_values": {"cookies": 2}}}


def test_with_all_cookies_blocked_start_gives_the_one_notice(browser, live, sites, tmp_path):
    site = sites()
    live.seed(site.url)
    with live.app.app_context():
        quizzes.trivia(db.session.scalar(select(Brand).where(Brand.slug == "acme")), now=utcnow())
    site.pages["/"] = host_page(live.snippet(campaign="trivia"))
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(json.dumps(BLOCK_ALL_COOKIES))
    context = browser.browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        viewport={"width": 375, "height": 812},
    )
    try:
        context.set_default_timeout(10_000)
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(site.url + "/")
        quiz = page.frame_locator("iframe[data-superfan]")
        notice = quiz.locator("#sf-cookies-blocked")
        expect(notice).to_be_visible()
        expect(notice.get_by_role("link", name="Open the hosted page")).to_have_attribute(
            "href", f"{live.url}/e/acme/trivia"
        )

        with page.expect_response(lambda r: r.url.endswith("/quiz/start")) as answered:
            quiz.get_by_role("button", name="Start the quiz").click()
        assert answered.value.status == 400
        assert answered.value.json()["code"] == "cookies_blocked"

        expect(notice).to_be_visible()
        shown = "visible=true"
        expect(quiz.get_by_text("blocks cookies").locator(shown)).to_have_count(1)  # not twice
        expect(quiz.get_by_text(re.compile("expired|reload", re.I)).locator(shown)).to_have_count(0)
        assert context.cookies() == []
    finally:
        context.close()
