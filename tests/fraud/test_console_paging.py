"""The Fraud page comes a page at a time and finds a fan by name, email, number or reason."""

import re

from app.extensions import db
from app.fraud.signals import note
from tests.factories import make_fan

PAGE = "/console/acme/fraud/"


def doubt(fan, ref="domain:mailinator.com", detail="Signed in with a throwaway address."):
    note(fan, "disposable_email", ref, detail)


def shown(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<section class="fraud-case" id="fan-(\d+)"', page)]


def test_fans_under_review_come_twenty_a_page_and_a_page_too_far_is_the_last(brand, staff):
    fans = [make_fan(brand, f"Doubtful {n:02d}") for n in range(43)]
    for fan in fans:
        doubt(fan)
    db.session.commit()
    moderator = staff()

    first = moderator.get(PAGE).get_data(as_text=True)
    assert shown(first) == [fan.id for fan in fans[:20]] and "1\u201320 of 43" in first
    last = [fan.id for fan in fans[40:]]
    assert shown(moderator.get(f"{PAGE}?page=3").get_data(as_text=True)) == last
    assert shown(moderator.get(f"{PAGE}?page=99999999999").get_data(as_text=True)) == last
    assert shown(moderator.get(f"{PAGE}?page=-1").get_data(as_text=True))[0] == fans[0].id
    # Each case leads to the fan's console page.
    assert f'href="/console/acme/fans/{fans[0].id}"' in first


def test_a_fan_is_found_by_name_number_or_reason_and_literally(brand, staff):
    rita = make_fan(brand, "Risky Rita", email="rita@example.com")
    carl = make_fan(brand, "Carl 100%", email="carl_c@example.com")
    dora = make_fan(brand, "Dora", email="dora@example.com")
    make_fan(brand, "Rita Calm")  # no doubt about her: never listed
    doubt(rita)
    doubt(carl)
    note(dora, "shared_ip", "ip:203.0.113.7", "5 new fans from IP 203.0.113.7 within 60 minutes.")
    db.session.commit()
    moderator = staff()

    def found(text: str, browser=moderator) -> list[int]:
        return shown(browser.get(PAGE, query_string={"q": text}).get_data(as_text=True))

    assert found("RITA") == [rita.id]
    # A bare number may also be in a reason ("IP 203.0.113.7"); "#" asks for the fan number only.
    assert carl.id in found(str(carl.id)) and found(f"#{carl.id}") == [carl.id]
    assert found("203.0.113") == [dora.id]  # the signal's detail
    assert found("shared ip") == [dora.id]  # the signal as the page names it
    assert found("%") == [carl.id] and found("_") == []
    nothing = moderator.get(PAGE, query_string={"q": "nobody"}).get_data(as_text=True)
    assert "No fan under review matches “nobody”." in nothing


def test_a_decisions_reason_finds_the_fan_and_the_page_keeps_the_search(brand, staff):
    rita, dora = make_fan(brand, "Risky Rita"), make_fan(brand, "Dora")
    doubt(rita)
    doubt(dora)
    db.session.commit()
    moderator = staff()
    flagged = moderator.submit(
        f"{PAGE}{rita.id}/flag?q=rita", {"reason": "Same photo in three accounts"}, page=PAGE
    )
    assert flagged.headers["Location"] == f"{PAGE}?q=rita"
    assert shown(
        moderator.get(PAGE, query_string={"q": "three accounts"}).get_data(as_text=True)
    ) == [rita.id]


def test_only_members_who_see_emails_find_fans_by_email(brand, staff):
    rita = make_fan(brand, "Risky Rita", email="rita.r@example.com")
    doubt(rita)
    db.session.commit()
    owner, moderator = staff("owner"), staff("moderator")
    assert shown(owner.get(PAGE, query_string={"q": "rita.r@"}).get_data(as_text=True)) == [rita.id]
    assert shown(moderator.get(PAGE, query_string={"q": "rita.r@"}).get_data(as_text=True)) == []
