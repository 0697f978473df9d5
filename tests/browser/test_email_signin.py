"""Email sign-in from the iframe, in a real browser: the fan asks for a link in the popup,
opens the emailed link in another tab, and the popup hands off to the iframe by itself."""

import email
import re
import time
import uuid
from email import policy
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import host_page

LINK = re.compile(r"https?://\S+/signin/email/\S+")


def emailed_link(outbox: Path, to: str, within: float = 15.0) -> str:
    """The sign-in link of the message sent to `to`, found by the messages' content.

    The message may be written after the request's commit (by a job), so wait for it.
    """
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for path in sorted(outbox.glob("*")) if outbox.is_dir() else []:
            try:
                message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            except OSError:
                continue  # still being written
            if (message["To"] or "").strip().lower() != to:
                continue
            found = LINK.search(message.get_body(preferencelist=("plain",)).get_content())
            if found:
                return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no sign-in email to {to} in {outbox}")


def test_email_link_opened_in_another_tab_signs_the_iframe_in(context, live, sites):
    site = sites()
    live.seed(site.url)
    site.pages["/"] = host_page(live.snippet(campaign="spring"))
    address = f"fan-{uuid.uuid4().hex[:12]}@example.com"
    page = context.new_page()

    page.goto(site.url + "/")
    frame = page.frame_locator("iframe[data-superfan]")
    frame.get_by_role("button", name="Play").click()
    expect(frame.locator("[data-test=points]")).to_have_text("10")

    with page.expect_popup() as opened:
        frame.get_by_role("link", name="Sign in").click()
    popup = opened.value
    popup.get_by_label("Email address").fill(address)
    popup.get_by_role("button", name="Email me a sign-in link").click()
    expect(popup.get_by_role("heading", name="Check your inbox")).to_be_visible()

    # The fan opens the link from their mail, in another tab of the same browser.
    link = emailed_link(Path(live.app.instance_path) / "outbox", address)
    tab = context.new_page()
    tab.goto(link)
    tab.get_by_role("button", name="Sign me in").click()
    expect(tab.get_by_role("heading", name="You are signed in")).to_be_visible()
    expect(tab.get_by_text("it finishes signing you in by itself")).to_be_visible()

    # What that page promises: the waiting popup hands off to the iframe and closes.
    popup.wait_for_event("close", timeout=15_000)
    expect(frame.locator(".sf-footer")).to_contain_text("Signed in as")
    expect(frame.locator("[data-test=points]")).to_have_text("10")  # the guest's points
    expect(frame.get_by_role("link", name="Sign in")).to_have_count(0)
