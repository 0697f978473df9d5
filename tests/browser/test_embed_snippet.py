"""The console's embed snippet in a real browser: its options rewrite the snippet, the copy
button copies it, and the preview shows the campaign as fans see it, in the chosen language."""

from playwright.sync_api import expect

from app.extensions import db
from app.models import Brand, Campaign
from tests.console.conftest import PASSWORD, make_user


def sign_in(live, context):
    with live.app.app_context():
        brand = db.session.query(Brand).filter_by(slug="acme").one()
        make_user("boss@acme.test", brand=brand)
    page = context.new_page()
    page.goto(live.url + "/console/login")
    page.get_by_label("Email").fill("boss@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not url.endswith("/login"))
    return page


def test_the_options_rewrite_the_snippet_and_the_preview(context, live):
    live.seed("https://www.acme.example")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live.url)
    page = sign_in(live, context)
    with live.app.app_context():
        spring = db.session.query(Campaign).filter_by(slug="spring").one().id
    page.goto(f"{live.url}/console/acme/campaigns/{spring}")

    code = page.locator("#embed-code")
    embed_js = live.app.config["BASE_URL"] + "/static/embed.js"
    script = f'<script src="{embed_js}" data-brand="acme" data-campaign="spring"'
    expect(code).to_have_text(script + " async></script>")
    preview = page.frame_locator("iframe.embed-preview")
    expect(preview.locator("h1")).to_have_text("Spring Game")

    page.get_by_label("Tell my page about the fan's points").check()
    page.get_by_label("Sign in the fans who are signed in on my site").check()
    page.get_by_label("Language of the frame").select_option("fr")
    expect(code).to_have_text(
        script
        + ' data-events="true" data-lang="fr" data-fan-token="YOUR_FAN_TOKEN" async></script>'
    )
    expect(preview.locator("html")).to_have_attribute("lang", "fr")

    page.get_by_role("button", name="Copy the snippet").click()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == code.text_content()
