"""On a phone, the unanswered "Stay in touch" card never stands between the fan and the game,
and never shows in the sign-in popup."""

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Brand, ConsentText, utcnow
from tests.browser.conftest import host_page
from tests.games.quiz import quizzes

# A consent text as long as brands' legal teams write them.
LEGAL = (
    "Acme Coffee and its roasting partners may send you news, offers, event invitations and "
    "invitations to new games by email and by text message, about twice a month. We use "
    "your name, email address, the games you play and your points to choose what to send. "
    "We keep these details while you are a fan and for two years after your last visit. "
    "You can stop these messages at any time from your fan page or with the link in every "
    "message. Our privacy notice explains your rights and how to contact our data officer."
)


def guest_visit(page, url):
    """Open a quiz page; its first call makes this browser a guest fan of the brand."""
    with page.expect_response(lambda r: r.url.endswith("/quiz/view")):
        page.goto(url)
    page.reload()


def test_an_unanswered_consent_card_never_blocks_the_quiz_nor_signing_in(browser, live, sites):
    site = sites()
    live.seed(site.url)
    with live.app.app_context():
        brand = db.session.scalar(select(Brand).where(Brand.slug == "acme"))
        quizzes.trivia(brand, now=utcnow())
        db.session.scalar(select(ConsentText).where(ConsentText.brand_id == brand.id)).body = LEGAL
        db.session.commit()
    site.pages["/"] = host_page(live.snippet(campaign="trivia"))
    context = browser.new_context(viewport={"width": 375, "height": 812})
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        guest_visit(page, site.url + "/")
        quiz = page.frame_locator("iframe[data-superfan]")
        card = quiz.locator(".sf-consent")
        expect(card).to_contain_text("Stay in touch")

        # The quiz's first control is on the first screen, with the card below it.
        start = quiz.get_by_role("button", name="Start the quiz")
        expect(start).to_be_visible()
        box = start.bounding_box()
        assert box["y"] + box["height"] <= 812, box
        assert box["y"] + box["height"] <= card.bounding_box()["y"]
        start.click()
        expect(quiz.get_by_text("Question 1 of 3")).to_be_visible()
        expect(quiz.locator("input[name=marketing]")).not_to_be_checked()  # still unanswered

        # The fan once played on the hosted page: the popup's own cookie jar has a guest
        # whose consent is unanswered too.
        hosted = context.new_page()
        guest_visit(hosted, f"{live.url}/e/acme/trivia")
        expect(hosted.locator(".sf-consent")).to_have_count(1)
        hosted.close()

        with page.expect_popup() as opened:
            quiz.get_by_role("link", name="Sign in").click()
        popup = opened.value
        expect(popup.get_by_role("heading", name="Sign in to Acme Coffee")).to_be_visible()
        expect(popup.get_by_role("button", name="Email me a sign-in link")).to_be_visible()
        expect(popup.locator(".sf-consent")).to_have_count(0)
        expect(popup.get_by_text("Stay in touch")).to_have_count(0)
    finally:
        context.close()
