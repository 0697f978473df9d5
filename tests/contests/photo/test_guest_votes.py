"""Who votes in a photo contest: fans who signed in, by default; guests too if the brand says
so, provisionally (counted once they sign in) and capped per device and per network; and
one guest per browser, however many first actions it sends at once."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Campaign, EngagementEvent, FanProfile, FraudSignal, Identity, User
from contests.photo.models import PhotoEntry, PhotoVote
from tests.contests.conftest import Fan, make_contest, photo, race
from tests.contests.photo.jury.pages import ranking
from tests.factories import make_brand

PUBLIC_IP = "203.0.113.7"
SIGN_IN_FIRST = "Sign in to vote: in this contest, only fans who signed in can vote."


def entries(new_fan, count: int) -> list[int]:
    author = new_fan()
    return [author.upload(photo(n))["entry"]["id"] for n in range(count)]


def browser_at(app, ip: str) -> Fan:
    """A new browser (its own cookie jar) coming from `ip`, on the contest page."""
    app.test_client_class = Fan
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = ip
    browser.visit()
    return browser


def count(*where) -> int:
    return db.session.scalar(select(func.count()).where(*where))


def vote_count(entry_id: int) -> int:
    db.session.expire_all()
    return db.session.get(PhotoEntry, entry_id).vote_count


def received(entry_id: int) -> int:
    return count(
        EngagementEvent.type == "vote_received", EngagementEvent.ref == f"photo_entry:{entry_id}"
    )


# -- by default, only fans who signed in vote ------------------------------------------------


def test_a_guest_is_asked_to_sign_in_and_nothing_is_made_for_the_vote(brand, new_fan, clock):
    # A contest saved before "who can vote" existed reads the default: signed-in fans only.
    make_contest(brand, moderation="post")
    (entry_id,) = entries(new_fan, 1)
    guest = new_fan()
    page = guest.visit()
    assert "data-sign-in-to-vote" in page
    assert "Only fans who signed in can vote in this contest" in page
    people = count(User.id > 0)

    assert guest.vote(entry_id, expect=403) == {"error": SIGN_IN_FIRST, "code": "sign_in_to_vote"}
    assert count(User.id > 0) == people  # no guest made for a vote that cannot be
    assert count(PhotoVote.id > 0) == 0
    guest.get(guest.base + "?lang=fr")
    assert guest.vote(entry_id, expect=403)["error"] == (
        "Connectez-vous pour voter : dans ce concours, seuls les fans connectés peuvent voter."
    )

    guest.sign_in()
    assert "data-sign-in-to-vote" not in guest.visit()
    assert guest.vote(entry_id) == {"entry_id": entry_id, "vote_count": 1, "voted": True}


# -- guests too: provisional, confirmed on sign-in ------------------------------------------


def test_a_guest_vote_is_provisional_until_the_guest_signs_in(brand, new_fan, clock):
    make_contest(brand, moderation="post", who_votes="guests")
    (entry_id,) = entries(new_fan, 1)
    guest = new_fan()
    assert "your votes are provisional" in guest.visit()

    cast = guest.vote(entry_id)
    assert cast == {"entry_id": entry_id, "vote_count": 0, "voted": True, "provisional": True}
    shown = guest.call("gallery")["entries"][0]
    assert (shown["vote_count"], shown["voted"]) == (0, True)
    assert received(entry_id) == 0
    vote = db.session.scalars(select(PhotoVote)).one()
    assert vote.provisional and vote.device_id
    assert len(vote.network_key) == 32 and "127.0.0" not in vote.network_key  # a keyed hash

    guest.sign_in()
    db.session.expire_all()
    vote = db.session.scalars(select(PhotoVote)).one()
    assert (vote.provisional, vote.device_id, vote.network_key) == (False, None, None)
    assert vote_count(entry_id) == 1
    assert received(entry_id) == 1
    assert guest.vote(entry_id, expect=409)["code"] == "already_voted"


def test_signing_in_as_someone_who_already_voted_keeps_one_vote(brand, new_fan, clock):
    make_contest(brand, moderation="post", who_votes="guests")
    first, second = entries(new_fan, 2)
    phone = new_fan()
    phone.sign_in("dana")
    phone.vote(first)
    laptop = new_fan()
    laptop.vote(first)
    laptop.vote(second)
    assert (vote_count(first), vote_count(second)) == (1, 0)

    laptop.sign_in("dana")
    dana = db.session.scalars(select(PhotoVote.fan_id).where(PhotoVote.entry_id == first)).one()
    rows = db.session.scalars(select(PhotoVote).order_by(PhotoVote.entry_id)).all()
    assert [(v.entry_id, v.fan_id, v.provisional) for v in rows] == [
        (first, dana, False),
        (second, dana, False),
    ]
    assert (vote_count(first), vote_count(second)) == (1, 1)
    assert (received(first), received(second)) == (1, 1)
    assert count(User.guest_key.is_not(None), User.email.is_(None)) == 1  # the author, only


def test_guest_votes_are_capped_per_device(brand, new_fan, clock):
    make_contest(brand, moderation="post", who_votes="guests")
    first, second = entries(new_fan, 2)
    browser = new_fan()
    browser.vote(first)
    signed_out = browser.post("/fan/acme/signout", data={"csrf_token": browser.token})
    assert signed_out.status_code == 303
    # The browser's next guest is a new fan, on the same device.
    refused = browser.vote(first, expect=429)
    assert refused == {
        "error": "Guests on this device have used their votes for this photo. Sign in to vote.",
        "code": "guest_device_limit",
    }
    browser.vote(second)
    assert count(PhotoVote.provisional.is_(True)) == 2
    clock.advance(days=1)
    browser.vote(first)  # a new voting period


def test_a_client_that_drops_its_cookie_is_capped_per_network(app, brand, new_fan, clock):
    make_contest(brand, moderation="post", who_votes="guests")
    (entry_id,) = entries(new_fan, 1)
    for _ in range(3):
        browser_at(app, PUBLIC_IP).vote(entry_id)
    refused = browser_at(app, "203.0.113.99").vote(entry_id, expect=429)  # same /24
    assert refused["code"] == "guest_network_limit"
    assert "Too many guests on your network" in refused["error"]
    browser_at(app, "198.51.100.4").vote(entry_id)
    for _ in range(3):
        browser_at(app, "2001:db8:1:2::5").vote(entry_id)
    browser_at(app, "2001:db8:1:2:ffff::1").vote(entry_id, expect=429)  # same /64
    browser_at(app, "2001:db8:1:3::1").vote(entry_id)
    assert count(PhotoVote.provisional.is_(True)) == 8
    assert vote_count(entry_id) == 0  # none counts before its guest signs in
    clock.advance(days=1)
    browser_at(app, PUBLIC_IP).vote(entry_id)


def test_fifteen_guests_from_one_ip_are_each_signalled(app, brand, new_fan, clock):
    make_contest(brand, moderation="post", who_votes="guests", max_entries_per_fan=5)
    ids = entries(new_fan, 5)
    for n in range(15):
        browser_at(app, PUBLIC_IP).vote(ids[n % 5])
    guests = db.session.scalars(select(FanProfile.id).where(FanProfile.created_ip == PUBLIC_IP))
    guests = list(guests)
    assert len(guests) == 15
    signalled = db.session.scalars(
        select(FraudSignal.fan_id).where(
            FraudSignal.kind == "shared_ip", FraudSignal.ref == f"ip:{PUBLIC_IP}"
        )
    )
    assert sorted(signalled) == sorted(guests)


# -- one guest per browser ---------------------------------------------------------------------


def one_browser(app, copies: int) -> list[Fan]:
    """`copies` of one new browser's cookie jar: it saw the page, it is no fan yet."""
    app.test_client_class = Fan
    first = app.test_client()
    first.visit()
    cookie = first.get_cookie("sf_fan")
    browsers = []
    for _ in range(copies):
        browser = app.test_client()
        browser.set_cookie(cookie.key, cookie.value)
        browser.base, browser.token = first.base, first.token
        browsers.append(browser)
    return browsers


def test_twenty_first_votes_at_once_from_one_browser_make_one_guest(any_app):
    campaign = make_contest(make_brand("acme"), moderation="post", max_entries_per_fan=10)
    any_app.test_client_class = Fan
    author = any_app.test_client()
    author.visit()
    ids = [author.upload(photo(n))["entry"]["id"] for n in range(10)]
    people = count(User.id > 0)
    same_entry = [f"entries/{ids[0]}/vote"] * 20

    assert race(any_app, one_browser(any_app, 20), same_entry) == [403] * 20
    assert count(User.id > 0) == people

    campaign.settings = {**campaign.settings, "who_votes": "guests"}
    db.session.commit()
    assert race(any_app, one_browser(any_app, 20), same_entry) == [200] + [409] * 19
    assert count(User.id > 0) == people + 1
    assert count(PhotoVote.id > 0) == 1

    # Votes the guest may all cast (other entries): still one guest, whose votes they are.
    # (Ten: the vote rate limit per address is 60 a minute, and these share one.)
    ten_entries = [f"entries/{entry_id}/vote" for entry_id in ids[:10]]
    assert race(any_app, one_browser(any_app, 10), ten_entries) == [200] * 10
    assert count(User.id > 0) == people + 2
    assert len(set(db.session.scalars(select(PhotoVote.fan_id)))) == 2


def test_guests_voting_at_once_from_one_network_stay_within_its_cap(any_app):
    make_contest(make_brand("acme"), moderation="post", who_votes="guests")
    any_app.test_client_class = Fan
    author = any_app.test_client()
    author.visit()
    entry_id = author.upload(photo(1))["entry"]["id"]
    guests = [browser_at(any_app, f"203.0.113.{n + 10}") for n in range(6)]
    assert race(any_app, guests, [f"entries/{entry_id}/vote"] * 6) == [200] * 3 + [429] * 3
    assert count(PhotoVote.provisional.is_(True)) == 3


def test_a_signed_in_fans_first_votes_at_once_in_a_new_brand_make_one_profile(any_app):
    make_contest(make_brand("acme"))
    make_contest(make_brand("globex"), moderation="post", max_entries_per_fan=10)
    any_app.test_client_class = Fan
    author = any_app.test_client()
    author.visit(brand_slug="globex")
    ids = [author.upload(photo(n))["entry"]["id"] for n in range(10)]
    fan = any_app.test_client()
    fan.visit()
    fan.sign_in()  # a profile in acme only
    fan.visit(brand_slug="globex")
    cookie = fan.get_cookie("sf_fan")
    browsers = []
    for _ in range(10):
        browser = any_app.test_client()
        browser.set_cookie(cookie.key, cookie.value)
        browser.base, browser.token = fan.base, fan.token
        browsers.append(browser)
    paths = [f"entries/{entry_id}/vote" for entry_id in ids]
    assert race(any_app, browsers, paths) == [200] * 10
    signed_in = db.session.scalar(select(Identity.user_id))
    assert count(FanProfile.user_id == signed_in) == 2  # acme's, and one in globex


# -- the console ----------------------------------------------------------------------------

NEW = "/console/acme/campaigns/new"
NEW_CONTEST = {"kind": "contest.photo", "title": "Summer", "slug": "summer"}


def test_a_new_contest_lets_only_signed_in_fans_vote_until_the_brand_says(brand, staff):
    owner = staff()
    edit = owner.submit(NEW, NEW_CONTEST, page=NEW).headers["Location"]
    campaign = db.session.scalars(select(Campaign)).one()
    assert campaign.settings["who_votes"] == "signed_in"
    page = owner.get(edit).get_data(as_text=True)
    assert 'name="who_votes" value="signed_in" checked' in page
    french = owner.get(edit, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Qui peut voter" in french

    form = {
        "title": "Summer",
        "who_votes": "guests",
        "guest_votes_per_device": "2",
        "guest_votes_per_network": "5",
    }
    saved = owner.submit(edit, form, page=edit, follow_redirects=True)
    assert "Settings saved." in saved.get_data(as_text=True)
    db.session.refresh(campaign)
    chosen = {key: campaign.settings[key] for key in form if key != "title"}
    assert chosen == {
        "who_votes": "guests",
        "guest_votes_per_device": 2,
        "guest_votes_per_network": 5,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("who_votes", "anyone", "Choose who can vote: signed-in fans only, or guests too."),
        ("guest_votes_per_device", "0", "Guest votes per device must be a whole number from 1"),
        ("guest_votes_per_network", "1001", "Guest votes per network must be a whole number"),
    ],
)
def test_the_console_refuses_bad_voter_rules(brand, staff, field, value, message):
    owner = staff()
    edit = owner.submit(NEW, NEW_CONTEST, page=NEW).headers["Location"]
    form = {"title": "Changed", field: value}
    page = owner.submit(edit, form, page=edit, follow_redirects=True)
    assert message in page.get_data(as_text=True)
    assert db.session.scalars(select(Campaign.title)).one() == "Summer"


def test_the_console_shows_provisional_votes_apart_and_winners_count_confirmed_ones(
    app, brand, new_fan, staff, clock
):
    campaign = make_contest(brand, moderation="post", who_votes="guests")
    liked, crowded = entries(new_fan, 2)
    new_fan(signed_in=True).vote(liked)
    for ip in ("198.51.100.1", "198.51.100.2"):
        browser_at(app, ip).vote(crowded)
    owner = staff()

    queue = owner.get("/console/acme/photo-contests/moderation?status=approved")
    text = queue.get_data(as_text=True)
    assert "(2 provisional)" in text

    page = owner.get(f"/console/acme/photo-contests/{campaign.id}/winners").get_data(as_text=True)
    assert "Only confirmed votes count" in page
    assert "(2 provisional)" in page
    assert ranking(page) == [liked, crowded]
