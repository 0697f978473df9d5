"""A brand's developer pastes the snippet on a site the brand has not allowed: instead of a
grey broken frame, embed.js says what is wrong on the page and names the origin to add."""

from playwright.sync_api import expect

from tests.browser.conftest import host_page

NOTICE = "[data-superfan-notice]"


def test_a_site_that_is_not_allowed_sees_why_and_the_origin_to_add(context, live, sites):
    allowed, other = sites(), sites()
    live.seed(allowed.url)
    other.pages["/"] = host_page(live.snippet(campaign="spring"))
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.clock.install()
    page.goto(other.url + "/")
    page.clock.run_for(10_000)  # embed.js waits a few seconds for the frame's answer
    notice = page.locator(NOTICE)
    expect(notice).to_contain_text("This content could not be shown here.")
    expect(notice).to_contain_text(f"add {other.url} to the sites allowed")
    expect(page.locator("iframe[data-superfan]")).to_be_hidden()
    page.wait_for_function("window.sfReady === false")
    assert any(
        other.url in text and "Sites that may show your campaigns" in text for text in errors
    )

    # In French when the brand's page is French.
    other.pages["/fr"] = host_page(live.snippet(campaign="spring", lang="fr"))
    page.goto(other.url + "/fr")
    page.clock.run_for(10_000)
    expect(page.locator(NOTICE)).to_contain_text("Ce contenu ne peut pas s\u2019afficher ici.")


def test_an_allowed_site_keeps_its_frame(context, live, sites):
    site = sites()
    live.seed(site.url)
    site.pages["/"] = host_page(live.snippet(campaign="spring"))
    page = context.new_page()
    page.clock.install()
    page.goto(site.url + "/")
    page.wait_for_function("window.sfReady === true")
    page.clock.run_for(10_000)  # well past the wait: the frame that answered stays
    expect(page.locator("iframe[data-superfan]")).to_be_visible()
    expect(page.locator(NOTICE)).to_have_count(0)
