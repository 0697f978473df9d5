"""The embed in a real browser: another site frames the app with embed.js; a guest plays,
signs in through the popup with an OpenID Connect provider, and keeps their points."""

from playwright.sync_api import expect

from tests.browser.conftest import host_page

HEIGHT = "document.querySelector('iframe[data-superfan]').getBoundingClientRect().height"


def app_frame(page, live):
    handle = page.locator("iframe[data-superfan]").element_handle()
    frame = handle.content_frame()
    assert frame is not None and frame.url.startswith(live.url)
    return frame


def iframe_height(page) -> float:
    return page.locator("iframe[data-superfan]").bounding_box()["height"]


def test_guest_plays_signs_in_through_the_popup_and_keeps_the_points(context, live, sites):
    site = sites()
    live.seed(site.url)
    site.pages["/"] = host_page(live.snippet(campaign="spring", events="true"))
    page = context.new_page()

    page.goto(site.url + "/?utm_source=newsletter")
    frame_locator = page.frame_locator("iframe[data-superfan]")
    expect(frame_locator.locator("h1")).to_have_text("Spring Game")
    page.wait_for_function("window.sfReady === true")

    # The fan cookie is partitioned under the host's site, SameSite=None, Secure, over http.
    frame_locator.get_by_role("button", name="Play").click()
    expect(frame_locator.locator("[data-test=points]")).to_have_text("10")
    cookies = [c for c in context.cookies() if c["name"] == "sf_fan"]
    assert cookies, "the browser refused the fan cookie"
    assert cookies[0]["sameSite"] == "None" and cookies[0]["secure"]
    assert "localhost" in (cookies[0].get("partitionKey") or "")

    # The host page heard about the play, through embed.js's CustomEvent.
    page.wait_for_function("window.sfEvents.some(e => e.type === 'game_played')")
    played = page.evaluate("window.sfEvents.find(e => e.type === 'game_played')")
    assert (played["points"], played["campaign"], played["brand"]) == (10, "spring", "acme")

    # The consent question is there, and nothing is ticked.
    consent = frame_locator.locator("input[name=marketing]").first
    expect(consent).not_to_be_checked()

    # A popup closed half-way says so and offers to try again.
    with page.expect_popup() as opened:
        frame_locator.get_by_role("link", name="Sign in").click()
    opened.value.close()
    notice = frame_locator.locator("#sf-signin-incomplete")
    expect(notice).to_be_visible()

    # Sign in with the provider, in the popup.
    with page.expect_popup() as opened:
        notice.get_by_role("button", name="Try again").click()
    popup = opened.value
    popup.get_by_role("link", name="Continue with Local ID").click()
    popup.get_by_label("User").fill("alice")
    popup.get_by_role("button", name="Allow").click()
    popup.wait_for_event("close")

    expect(frame_locator.locator(".sf-footer")).to_contain_text("Signed in as Alice")
    expect(frame_locator.locator("[data-test=points]")).to_have_text("10")  # kept

    # The iframe follows its content's height.
    frame = app_frame(page, live)
    expect(page.locator("iframe[data-superfan]")).not_to_have_attribute("style", "")
    before = iframe_height(page)
    frame.evaluate(
        "() => { const d = document.createElement('div'); d.style.height = '900px';"
        " document.querySelector('main').appendChild(d); }"
    )
    page.wait_for_function(f"{HEIGHT} > {before + 800}")
    frame.evaluate("() => document.querySelector('main').lastElementChild.remove()")
    page.wait_for_function(f"{HEIGHT} < {before + 100}")


def test_an_origin_not_on_the_list_cannot_frame_the_app(context, live, sites):
    site = sites()
    live.seed("https://somewhere-else.example")
    site.pages["/"] = host_page(live.snippet(campaign="spring"))
    page = context.new_page()
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text):
        page.goto(site.url)

    assert page.evaluate("window.sfReady") is False
    frame = page.locator("iframe[data-superfan]").element_handle().content_frame()
    content = frame.content() if frame is not None else ""
    assert "Spring Game" not in content


def test_blocked_cookies_offer_the_hosted_page(context, live, sites):
    site = sites()
    live.seed(site.url)
    site.pages["/"] = host_page(live.snippet())
    # As if the browser dropped the cookie: the probe finds no session.
    context.route(f"{live.url}/fan/probe", lambda route: route.fulfill(json={"cookies": False}))
    page = context.new_page()
    page.goto(site.url)
    frame_locator = page.frame_locator("iframe[data-superfan]")
    notice = frame_locator.locator("#sf-cookies-blocked")
    expect(notice).to_be_visible()
    link = notice.get_by_role("link", name="Open the hosted page")
    expect(link).to_have_attribute("href", f"{live.url}/e/acme")
    expect(link).to_have_attribute("target", "_blank")
