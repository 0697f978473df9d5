"""Counts read right in English and French on photo pages: 1 vote, 2 votes; authors by name."""

import json
import re

from app.extensions import db
from app.identity.pseudonyms import ANIMALS
from contests.photo.models import PhotoEntry
from tests.contests.conftest import make_contest, photo

WORDS = re.compile(r'<script type="application/json" id="photo-words">(.*?)</script>', re.S)


def votes_shown(browser, page_url: str, lang: str) -> str:
    page = browser.get(page_url, query_string={"lang": lang}).get_data(as_text=True)
    return re.search(r'<span data-role="votes">(.*?)</span>', page)[1]


def test_an_entry_page_says_1_vote_then_2_votes_in_both_languages(brand, new_fan, clock):
    make_contest(brand, moderation="post")
    author = new_fan()
    sent = author.upload(photo(1), caption="Latte")["entry"]
    new_fan(signed_in=True).vote(sent["id"])

    assert votes_shown(author, sent["page_url"], "en") == "1 vote"
    assert votes_shown(author, sent["page_url"], "fr") == "1 vote"
    new_fan(signed_in=True).vote(sent["id"])
    assert votes_shown(author, sent["page_url"], "en") == "2 votes"
    assert votes_shown(author, sent["page_url"], "fr") == "2 votes"

    forms = json.loads(WORDS.search(author.visit())[1])["votes"]
    assert forms == {"one": "{count} vote", "other": "{count} votes"}


def test_a_guests_photo_is_shown_under_their_pseudonym_never_guest(brand, new_fan, clock):
    make_contest(brand, moderation="post")
    author = new_fan()
    author.get(author.base, query_string={"lang": "fr"})
    sent = author.upload(photo(2), caption="Cappuccino")["entry"]
    name = db.session.get(PhotoEntry, sent["id"]).fan.user.display_name

    assert name != "Guest" and name.split()[0] in {french for _, french in ANIMALS}
    assert [entry["author"] for entry in new_fan().call("gallery")["entries"]] == [name]
    page = author.get(sent["page_url"]).get_data(as_text=True)
    assert f"par {name}" in page and "Guest" not in page
