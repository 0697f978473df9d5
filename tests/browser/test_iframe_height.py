"""The iframe on a brand's page follows its content as a quiz moves on and a photo is sent,
and the app's page speaks to the host page only, never to any origin ("*"); the fan scripts'
shared calls (static/js/fan-api.js) put a failure without the app's words into the fan's."""

import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Brand, Campaign
from tests.browser.conftest import host_page
from tests.games.quiz import quizzes

# In the app's framed page: every window.parent.postMessage goes through a spy that keeps
# the target origin ("*" included) before passing the message on.
RECORD_POSTS = """
(() => {
  if (window.location.origin !== %r || window.parent === window) return;
  const realParent = window.parent;
  const posts = (window.sfPosts = []);
  const spy = {
    postMessage(message, target) {
      const origin = target && typeof target === "object" ? target.targetOrigin : target;
      const type = message && (message.type || message.superfan);
      posts.push({ type: String(type || ""), origin: String(origin) });
      return realParent.postMessage(message, target);
    },
  };
  Object.defineProperty(window, "parent", { get: () => spy, configurable: true });
})();
"""

# Inside the iframe its viewport is the iframe itself: settled when the body fits it exactly
# (a function, not an expression: the page's CSP forbids eval).
SETTLED = "() => Math.ceil(document.body.getBoundingClientRect().height) === window.innerHeight"
IFRAME_HEIGHT = "document.querySelector('iframe[data-superfan]').getBoundingClientRect().height"


class Framed:
    """A page of the brand's site framing one campaign; its iframe's page keeps window.sfPosts."""

    def __init__(self, context, live, site, campaign: str, **snippet):
        site.pages[f"/{campaign}"] = host_page(live.snippet(campaign=campaign, **snippet))
        self.host_origin = site.url
        self.errors = []
        self.page = context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(f"{site.url}/{campaign}")
        self.page.wait_for_function("window.sfReady === true")
        self.frame = self.page.locator("iframe[data-superfan]").element_handle().content_frame()
        self.app = self.page.frame_locator("iframe[data-superfan]")

    def settled_height(self) -> float:
        """The iframe's height on the host page, once it is its content's height."""
        self.frame.wait_for_function(SETTLED)
        height = self.page.evaluate(IFRAME_HEIGHT)
        assert height == self.frame.evaluate("window.innerHeight")
        return height

    def assert_spoke_only_to_the_host(self) -> None:
        posts = self.frame.evaluate("window.sfPosts")
        assert any(post["type"] == "superfan:resize" for post in posts)
        assert {post["origin"] for post in posts} == {self.host_origin}, posts
        assert self.errors == []


@pytest.fixture
def framed(context, live, sites):
    """framed(campaign, **snippet): the brand's page framing that campaign of the brand "acme"."""
    site = sites()
    live.seed(site.url)
    context.add_init_script(RECORD_POSTS % live.url)
    return lambda campaign, **snippet: Framed(context, live, site, campaign, **snippet)


def brand_of(live) -> Brand:
    """The brand live.seed() made (inside an app context)."""
    return db.session.scalar(select(Brand).where(Brand.slug == "acme"))


def test_the_iframe_follows_the_quiz_from_question_to_question(framed, live):
    with live.app.app_context():
        quizzes.trivia(brand_of(live), now=datetime.now(UTC))
    host = framed("trivia")
    quiz = host.app
    intro = host.settled_height()

    quiz.get_by_role("button", name="Start the quiz").click()
    expect(quiz.get_by_text("Question 1 of 3")).to_be_visible()
    first = host.settled_height()
    assert first > intro

    quiz.get_by_role("button", name="4", exact=True).click()
    expect(quiz.get_by_text("Arithmetic.")).to_be_visible()
    feedback = host.settled_height()
    assert feedback != first

    quiz.get_by_role("button", name="Next question").click()
    expect(quiz.get_by_text("Question 2 of 3")).to_be_visible()
    assert host.settled_height() != feedback
    host.assert_spoke_only_to_the_host()


def test_the_iframe_grows_when_a_photo_is_sent(framed, live):
    with live.app.app_context():
        db.session.add(
            Campaign(
                brand_id=brand_of(live).id,
                kind="contest.photo",
                slug="photos",
                title="Best coffee photo",
                status="live",
                settings={"moderation": "post"},
            )
        )
        db.session.commit()
    host = framed("photos")
    contest = host.app
    expect(contest.get_by_text("No photos yet: be the first!")).to_be_visible()
    before = host.settled_height()

    contest.get_by_label("Photo").set_input_files(
        {"name": "cup.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}
    )
    contest.get_by_label("Caption").fill("Morning cup")
    contest.get_by_role("button", name="Send my photo").click()
    expect(contest.get_by_text("In the gallery")).to_be_visible()
    expect(contest.locator("[data-role=gallery] [data-entry]")).to_have_count(1)
    assert host.settled_height() > before
    host.assert_spoke_only_to_the_host()


def test_a_proxys_busy_page_is_put_into_the_fans_words(framed, live, context):
    with live.app.app_context():
        quizzes.trivia(brand_of(live), now=datetime.now(UTC))
    # A proxy in front of the app answers for it: a page no script reads, and when to come back.
    context.route(
        "**/quiz/start",
        lambda route: route.fulfill(
            status=503, headers={"Retry-After": "90"}, content_type="text/html", body="<h1>503</h1>"
        ),
    )
    host = framed("trivia", lang="fr")
    host.app.locator("[data-action=start]").click()
    expect(host.app.locator("#quiz [data-role=message]")).to_have_text(
        "Nous ne pouvons pas répondre pour le moment. Réessayez dans 2 minutes."
    )


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), "#c98a4b").save(out, "JPEG")
    return out.getvalue()
