"""Counts read right in English and French: 1 entry, 2 entries; 1 participation, 2."""

import json
import re

from tests.contests.sweepstakes.conftest import live_sweepstakes

WORDS = re.compile(r'<script type="application/json" id="sweepstakes-words">(.*?)</script>', re.S)


def standing(page: str) -> str:
    return re.search(r'<p data-role="standing">(.*?)</p>', page, re.S)[1]


def test_the_entry_page_says_1_entry_then_2_entries_in_both_languages(app, brand, entrant, clock):
    campaign = live_sweepstakes(brand, clock.now(), frequency="daily")
    fan = entrant(campaign)
    code = fan.enter()["code"]

    assert standing(fan.visit(campaign)).endswith(f"{code}. You have 1 entry.")
    fan.get(fan.base + "?lang=fr")
    assert standing(fan.visit(campaign)).endswith(f"{code}. Vous avez 1 participation.")

    clock.advance(days=1)
    assert fan.enter()["entries"] == 2
    assert standing(fan.visit(campaign)).endswith("Vous avez 2 participations.")
    fan.get(fan.base + "?lang=en")
    assert standing(fan.visit(campaign)).endswith("You have 2 entries.")


def test_the_script_gets_both_forms_of_the_entered_message(app, brand, entrant, clock):
    campaign = live_sweepstakes(brand, clock.now())
    fan = entrant(campaign)
    fan.get(fan.base + "?lang=fr")
    entered = json.loads(WORDS.search(fan.visit(campaign))[1])["entered"]
    assert entered["one"].endswith("vous avez {count} participation.")
    assert entered["other"].endswith("vous avez {count} participations.")
