"""The jury and winners pages, their notes and refusals, in a French-speaking manager's language."""

import html

from tests.contests.photo.jury.pages import score, seat

FRENCH = "fr-FR,fr;q=0.9"


def in_french(browser):
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = FRENCH
    return browser


def test_the_winners_page_ranks_ties_and_refuses_in_french(contest):
    manager = in_french(contest.staff())
    juror = in_french(contest.staff("moderator"))
    seat(manager, contest, juror)
    early, late = contest.entry(contest.fan()), contest.entry(contest.fan())
    for entry in (early, late):
        score(juror, contest, entry, 4)
    url = f"{contest.url}/winners"

    refused = manager.submit(f"{url}/rules", {"winner_method": "lottery"}, page=url)
    assert refused.status_code == 422
    page = html.unescape(refused.get_data(as_text=True))
    assert "Les gagnants sont choisis par « votes », « jury » ou « blend » (mélange)." in page
    assert "Comment les gagnants sont choisis" in page and "Enregistrer les règles" in page

    rules = {"winner_method": "jury", "jury_weight": "0.5", "min_jurors": "1", "winners_count": "1"}
    assert manager.submit(f"{url}/rules", rules, page=url).status_code == 302
    page = html.unescape(manager.get(url).get_data(as_text=True))
    assert "Notes du jury." in page and "Classement" in page
    assert "Même score que le n° 1 ; placée après pour avoir participé plus tard." in page
    assert "Same score" not in page and "Standings" not in page

    publish = manager.submit(f"{url}/publish", page=url)
    assert publish.status_code == 422
    assert "Clôturez le concours avant d\u2019en publier les gagnants." in html.unescape(
        publish.get_data(as_text=True)
    )


def test_a_juror_scores_in_french(contest):
    manager = contest.staff()
    juror = in_french(contest.staff("moderator"))
    seat(manager, contest, juror)
    entry = contest.entry(contest.fan())
    page = html.unescape(score(juror, contest, entry, 9, expect=422).get_data(as_text=True))
    assert "Choisissez une note de 1 à 5." in page
    assert "Votre foyer" in page and "Pick a score" not in page
