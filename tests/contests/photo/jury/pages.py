"""What the jury and winners tests do through the console pages: seat, score, read the ranking."""

import re

from contests.photo.models import PhotoEntry
from tests.games.conftest import Staff

ROW = re.compile(r'data-entry="(\d+)" data-rank="(\d+)"')


def ranking(html: str) -> list[int]:
    """Entry ids of the standings (or published winners) in rank order."""
    return [int(entry) for entry, _rank in sorted(ROW.findall(html), key=lambda r: int(r[1]))]


def seat(manager: Staff, contest, juror: Staff) -> None:
    """The manager seats the juror through the jurors page."""
    url = f"{contest.url}/jurors"
    response = manager.submit(url, {"user_id": juror.user.id}, page=url)
    assert response.status_code == 302, response.get_data(as_text=True)


def score(juror: Staff, contest, entry: PhotoEntry, value, *, expect: int = 302):
    url = f"{contest.url}/scoring"
    response = juror.submit(url, {"entry_id": entry.id, "score": value}, page=url)
    assert response.status_code == expect, response.get_data(as_text=True)
    return response
