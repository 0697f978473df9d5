"""A French-speaking marketer reads the sweepstakes' refusals in French, not in English."""

from tests.contests.sweepstakes.test_console_rules import _create, _form

FRENCH = "fr-FR,fr;q=0.9"
ACTIONS = "/console/acme/sweepstakes/{}"


def _in_french(browser):
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = FRENCH
    return browser


def test_settings_out_of_range_are_refused_in_french(app, brand, staff, clock):
    owner = _in_french(staff("owner"))
    _, edit = _create(owner)
    response = owner.submit(edit, _form(clock, min_age="130", bonus_share_cap="500"), page=edit)
    page = response.get_data(as_text=True)
    assert "L\u2019âge minimum doit être un nombre entier de 0 à 120." in page
    assert "Les plafonds de participations bonus doivent être des nombres entiers de 0 à 100." in (
        page
    )
    assert "The minimum age must be" not in page and "Bonus entry caps" not in page


def test_a_draw_refused_while_entries_are_open_says_why_in_french(app, sweepstakes, staff):
    owner = _in_french(staff("owner"))
    edit = f"/console/acme/campaigns/{sweepstakes.id}"
    early = owner.submit(f"{ACTIONS.format(sweepstakes.id)}/draw", page=edit)
    assert early.status_code == 409
    page = early.get_data(as_text=True)
    assert "Les participations sont encore ouvertes : clôturez le tirage au sort" in page
    assert "Entries are still open" not in page


def test_going_live_without_a_sponsor_says_what_is_missing_in_french(app, brand, staff, clock):
    owner = _in_french(staff("owner"))
    _, edit = _create(owner)
    owner.submit(edit, _form(clock, sponsor_name=""), page=edit)
    response = owner.submit(f"{edit}/status", {"status": "live"}, page=edit)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Le règlement officiel doit indiquer le nom de l\u2019organisateur." in page
    assert "The official rules need" not in page
