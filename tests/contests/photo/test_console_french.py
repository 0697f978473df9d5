"""A French-speaking marketer reads the photo contest's refusals in French, not in English."""

from tests.contests.photo.test_console import create

FRENCH = "fr-FR,fr;q=0.9"


def test_bad_rules_are_refused_in_french(brand, staff):
    owner = staff()
    owner.environ_base["HTTP_ACCEPT_LANGUAGE"] = FRENCH
    edit = create(owner).headers["Location"]
    form = {
        "title": "Changed",
        "max_votes_per_day": "0",
        "max_entries_per_fan": "500",
        "voting_starts_at": "2026-06-30T09:00",
        "voting_ends_at": "2026-06-01T09:00",
        "fields": "Bad Key: x",
    }
    text = owner.submit(edit, form, page=edit, follow_redirects=True).get_data(as_text=True)
    assert "Le nombre de votes par fan et par jour doit être un nombre entier de 1 à 1000." in text
    assert "Le nombre de participations par fan doit être un nombre entier de 1 à 100." in text
    assert "Le vote doit se terminer après avoir commencé." in text
    assert "Chaque question de participation a besoin d\u2019une clé" in text
    assert "The votes per fan per day" not in text and "Voting must end" not in text
