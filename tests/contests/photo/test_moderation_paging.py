"""The moderation queue comes a page at a time, is searched literally, and keeps its tab."""

import re

from app.extensions import db
from tests.console.conftest import add_member, make_client, make_user
from tests.contests.conftest import make_contest
from tests.contests.photo.factories import make_photo_entry
from tests.factories import make_brand, make_fan

QUEUE = "/console/acme/photo-contests/moderation"


def shown(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li class="moderation-card" id="entry-(\d+)"', page)]


def moderator(app):
    brand = make_brand("acme")
    add_member(brand, make_user("mod@acme.test"), "moderator")
    client = make_client(app)
    client.login("mod@acme.test")
    return brand, client


def test_the_queue_is_paged_and_a_page_past_the_end_is_the_last(any_app):
    brand, client = moderator(any_app)
    contest = make_contest(brand)
    fan = make_fan(brand, "Ada Lovelace")
    entries = [make_photo_entry(contest, fan, f"Photo {n:02d}").id for n in range(30)]
    db.session.commit()

    first = client.get(QUEUE).get_data(as_text=True)
    assert shown(first) == entries[:24] and "1\u201324 of 30" in first  # oldest first
    second = client.get(f"{QUEUE}?page=2").get_data(as_text=True)
    assert shown(second) == entries[24:] and "25\u201330 of 30" in second
    for junk, expected in (("abc", entries[:24]), ("0", entries[:24]), ("999", entries[24:])):
        assert shown(client.get(f"{QUEUE}?page={junk}").get_data(as_text=True)) == expected
    # Each card leads to the fan's console page.
    assert f'href="/console/acme/fans/{fan.id}"' in first


def test_the_queue_is_searched_by_caption_fan_name_and_entry_number(any_app):
    brand, client = moderator(any_app)
    contest = make_contest(brand)
    ada, bob = make_fan(brand, "Ada Lovelace"), make_fan(brand, "Bob Marley")
    espresso = make_photo_entry(contest, ada, "Espresso at dawn").id
    latte = make_photo_entry(contest, bob, "Latte art").id
    percent = make_photo_entry(contest, bob, "100% arabica").id
    underscore = make_photo_entry(contest, bob, "cold_brew").id
    other_brand = make_brand("globex")
    make_photo_entry(
        make_contest(other_brand, "elsewhere"), make_fan(other_brand, "Ada Other"), "Espresso"
    )
    db.session.commit()

    def found(text: str) -> list[int]:
        return shown(client.get(QUEUE, query_string={"q": text}).get_data(as_text=True))

    assert found("ESPRESSO") == [espresso]
    assert found("marley") == [latte, percent, underscore]
    assert found(str(latte)) == [latte] and found(f"#{latte}") == [latte]
    # "%" and "_" are letters in a search, not wildcards.
    assert found("%") == [percent]
    assert found("_") == [underscore]
    nothing = client.get(QUEUE, query_string={"q": "nobody"}).get_data(as_text=True)
    assert shown(nothing) == [] and "contains “nobody”." in nothing


def test_a_status_tab_search_and_page_work_together_and_survive_a_decision(any_app):
    brand, client = moderator(any_app)
    contest = make_contest(brand)
    fan = make_fan(brand, "Ada Lovelace")
    waiting = [make_photo_entry(contest, fan, f"Mocha {n:02d}").id for n in range(26)]
    make_photo_entry(contest, fan, "Tea time")
    approved = make_photo_entry(contest, fan, "Mocha approved", status="approved").id
    db.session.commit()

    page = client.get(QUEUE, query_string={"q": "mocha", "page": 2}).get_data(as_text=True)
    assert shown(page) == waiting[24:] and "25\u201326 of 26" in page
    # The search box keeps the tab; the tabs keep the search.
    assert '<input type="hidden" name="status" value="queue">' in page
    assert f'href="{QUEUE}?status=approved&amp;q=mocha"' in page
    tab = client.get(QUEUE, query_string={"status": "approved", "q": "mocha"})
    assert shown(tab.get_data(as_text=True)) == [approved]

    decided = client.submit(
        f"/console/acme/photo-contests/entries/{waiting[-1]}/decide?back=queue&q=mocha&page=2",
        {"action": "approve"},
    )
    assert decided.status_code == 302
    assert decided.headers["Location"] == f"{QUEUE}?status=queue&q=mocha&page=2"
    after = client.get(decided.headers["Location"]).get_data(as_text=True)
    assert shown(after) == waiting[24:25]


def test_a_moderator_sees_no_fan_email_on_the_cards(app):
    brand, client = moderator(app)
    nameless = make_fan(brand, email="secret.fan@example.com")
    nameless.user.display_name = ""
    make_photo_entry(make_contest(brand), nameless, "Flat white")
    db.session.commit()
    page = client.get(QUEUE).get_data(as_text=True)
    assert "Flat white" in page and "By a guest" in page
    assert "secret.fan@example.com" not in page
