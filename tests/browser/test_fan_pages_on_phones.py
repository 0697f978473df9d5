"""Every fan page of the demo on a phone: nothing wider than the screen, every control thumb-sized.

One walk through the demo `superfan demo` loads, at 375 x 812: the brand home (as a guest and
signed in, with the badge shelf), the trivia and personality quizzes from start to shared
result, the poll before and after a vote, the photo contest with its gallery sorted both ways
and an entry page, the sweepstakes entry page (as a guest and with its form), its official
rules and its draw page, a public badge page, the sign-in popup page, and the pages for an
unknown campaign and an unknown brand.
On each one the page is no wider than the viewport and every visible control (link, button,
field, summary, label around a checkbox) measures at least 44 x 44 CSS px. Links inside a
sentence of body text are left out (WCAG 2.5.8's inline exception): making a line of prose
44 px tall would only spread the text; a link counts as inline when it is displayed inline
and the paragraph (or list item, definition, cell) around it holds at least 20 characters
of text outside links and buttons. Then the console's sweepstakes page, on a desktop, is no
wider than the window.
"""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.demo import OWNER_EMAIL, OWNER_PASSWORD, load_demo
from app.extensions import db
from app.identity.fan_tokens import make_brand_token
from app.models import BadgeAward, Brand, Campaign

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SMALLEST = 44
SENTENCE = 20

MEASURE = """([smallest, sentence]) => {
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden"
      && box.right > 0 && box.bottom > 0;
  };
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = el.closest("p, li, dd, dt, td, figcaption");
    if (!block) return false;
    let text = block.textContent;
    for (const control of block.querySelectorAll("a, button")) {
      text = text.replace(control.textContent, "");
    }
    return text.replace(/\\s+/g, " ").trim().length >= sentence;
  };
  const small = [];
  const seen = new Set();
  const controls = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  for (const el of document.querySelectorAll(controls)) {
    // A checkbox or radio wrapped in its label is tapped through the label.
    const target = el.matches("input[type=checkbox], input[type=radio]") && el.closest("label")
      ? el.closest("label") : el;
    if (seen.has(target) || !shown(target) || inSentence(target)) continue;
    seen.add(target);
    const box = target.getBoundingClientRect();
    if (box.width < smallest - 0.5 || box.height < smallest - 0.5) {
      const name = (target.innerText || target.value || target.name || "").trim().slice(0, 40);
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      small.push(`${target.tagName.toLowerCase()} "${name}" ${size}`);
    }
  }
  return {width: document.documentElement.scrollWidth, small};
}"""

# The question was answered: its screen is gone, or the next question replaced it.
ANSWERED = """(progress) => {
  const screen = document.querySelector("[data-screen=question]");
  return screen.hidden || screen.querySelector(".quiz-progress")?.textContent !== progress;
}"""


@pytest.fixture
def demo(live):
    """The app on a real server with the demo loaded; the demo's own fans keep it lively."""
    live.app.config["BASE_URL"] = live.url
    with live.app.app_context():
        load_demo()
        # One of the demo's awards made public, as its fan would from the badge shelf.
        award = db.session.scalars(select(BadgeAward).order_by(BadgeAward.id)).first()
        award.public = True
        db.session.commit()
    return live


def brand_token(live) -> str:
    with live.app.app_context():
        brand = db.session.scalar(select(Brand).where(Brand.slug == "demo"))
        return make_brand_token(brand, "phone-fan-1", name="Pat Phone")


def first_slug(live, kind: str) -> str:
    with live.app.app_context():
        return db.session.scalar(select(Campaign.slug).where(Campaign.kind == kind))


def play_quiz(page: Page) -> None:
    """Answer the first choice of every question from where the quiz is, up to the result."""
    question = page.locator("[data-screen=question]:visible")
    feedback = page.locator("[data-screen=feedback]:visible")
    result = page.locator("[data-screen=result]:visible")
    for _ in range(30):
        expect(question.or_(feedback).or_(result)).to_be_visible()
        if result.count():
            break
        if feedback.count():
            feedback.locator("button").click()
            expect(feedback).to_be_hidden()
            continue
        progress = question.locator(".quiz-progress").inner_text()
        boxes = question.locator("input[type=checkbox]")
        if boxes.count():
            boxes.first.check()
            question.locator("button.quiz-primary").click()
        else:
            question.locator("button.quiz-choice").first.click()
        page.wait_for_function(ANSWERED, arg=progress)
    expect(result.get_by_role("button", name="Play again")).to_be_visible()


def walk_fan_pages(page: Page, live, check: Callable[[str], None]) -> None:
    """Every fan page of the demo, in the states a fan sees; `check(name)` on each."""
    url = f"{live.url}/e/demo"
    quizzes = [first_slug(live, kind) for kind in ("quiz.trivia", "quiz.personality")]
    poll, photo = first_slug(live, "quiz.poll"), first_slug(live, "contest.photo")
    sweepstakes = f"{url}/{first_slug(live, 'contest.sweepstakes')}/sweepstakes"

    page.goto(url)
    check("home, as a guest")
    page.goto(f"{live.url}/fan/demo/signin")
    check("sign-in popup")

    for slug in quizzes:
        page.goto(f"{url}/{slug}")
        expect(page.locator("[data-action=start]")).to_be_visible()
        check(f"{slug}: start")
        page.locator("[data-action=start]").click()
        expect(page.locator("[data-screen=question]")).to_be_visible()
        check(f"{slug}: a question")
        play_quiz(page)
        check(f"{slug}: result")
        page.get_by_role("button", name="Share my result").click()
        expect(page.locator("[data-screen=result] a")).to_be_visible()
        check(f"{slug}: result shared")

    page.goto(f"{url}/{poll}")
    choices = page.locator("[data-screen=poll] button.quiz-choice")
    expect(choices.first).to_be_visible()
    check("poll")
    choices.first.click()
    expect(page.locator(".quiz-bar").first).to_be_visible()
    check("poll, voted")

    page.goto(f"{url}/{photo}")
    expect(page.locator(".photo-gallery .photo-card").first).to_be_visible()
    check("photo contest and gallery")
    page.get_by_role("button", name="Most voted").click()
    expect(page.get_by_role("button", name="Most voted")).to_have_attribute("aria-pressed", "true")
    check("photo gallery, most voted")
    page.goto(live.url + page.locator(".photo-gallery .photo-open").first.get_attribute("href"))
    expect(page.locator(".photo-entry img")).to_be_visible()
    check("photo entry page")

    page.goto(f"{sweepstakes}/")
    check("sweepstakes entry page, as a guest")
    page.goto(f"{sweepstakes}/rules")
    check("official rules")
    page.goto(f"{sweepstakes}/draw")
    expect(page.locator("[data-role=browser-verdict]")).not_to_have_text("Checking…")
    page.locator("#draw details summary").click()
    check("draw page, entry list open")

    page.goto(f"{url}/no-such-campaign")
    check("unknown campaign")
    page.goto(f"{live.url}/e/no-such-brand")
    check("unknown brand")

    # Signed in as the brand's customer: the shelf, the footer and the sweepstakes form.
    page.goto(url)
    page.evaluate(
        """async ([url, token]) => {
          const csrf = document.querySelector("meta[name=csrf-token]").content;
          const response = await fetch(url, {method: "POST", body: JSON.stringify({token}),
            headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}});
          if (!response.ok) throw new Error(await response.text());
        }""",
        [f"{live.url}/fan/demo/brand-token", brand_token(live)],
    )
    page.goto(url)
    expect(page.locator(".sf-footer")).to_contain_text("Pat Phone")
    # The points played as a guest came along, and with them a badge (Half-century).
    expect(page.locator(".sf-badge").first).to_be_visible()
    check("home, signed in")
    page.goto(f"{sweepstakes}/")
    expect(page.locator("form[data-role=entry]")).to_be_visible()
    check("sweepstakes entry form")

    with live.app.app_context():
        award = db.session.scalar(select(BadgeAward).where(BadgeAward.public.is_(True)))
        public_page = f"{live.url}/badges/shared/{award.uuid}"
    page.goto(public_page)
    check("public badge page")


def console_sweepstakes_width(browser, live) -> int:
    """How wide the console's sweepstakes page is in a desktop window, signed in as the owner."""
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/console/login")
        page.get_by_label("Email").fill(OWNER_EMAIL)
        page.get_by_label("Password").fill(OWNER_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        with live.app.app_context():
            campaign_id = db.session.scalar(
                select(Campaign.id).where(Campaign.kind == "contest.sweepstakes")
            )
        page.goto(f"{live.url}/console/demo/campaigns/{campaign_id}")
        expect(page.locator("h1")).to_contain_text("Win a year of coffee")
        return page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()


def test_every_fan_page_fits_a_phone_with_thumb_sized_controls(browser, demo):
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []

    def check(name: str) -> None:
        found = page.evaluate(MEASURE, [SMALLEST, SENTENCE])
        if found["width"] > PHONE["width"]:
            problems.append(f"{name}: {found['width']} px wide")
        problems.extend(f"{name}: {small}" for small in found["small"])

    try:
        walk_fan_pages(page, demo, check)
    finally:
        context.close()
    width = console_sweepstakes_width(browser, demo)
    if width > DESKTOP["width"]:
        problems.append(f"console sweepstakes page: {width} px wide at {DESKTOP['width']}")
    assert problems == []
