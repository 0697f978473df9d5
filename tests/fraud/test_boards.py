"""Flagging takes a fan off every leaderboard; clearing gives back identical ranks and points.

Run on each backend: SQL on SQLite and PostgreSQL, and Redis, where a real worker runs the
rebuild the decision queued.
"""

import re

import pytest

from app.engagement import boards, leaderboards, record
from app.extensions import db
from tests.conftest import run_worker
from tests.factories import make_campaign, make_fan

PAGE = "/console/acme/fraud/"
BOARDS = ("all", "month", "week", "score")
# The name links to the fan's console page.
ROW = re.compile(
    r"<tr><td class=\"num\">(\d+)</td><td>(?:<a [^>]*>)?([^<]*)(?:</a>)?</td>"
    r"<td class=\"num\">([^<]*)</td>"
)


@pytest.fixture
def fraud_app(board_app):
    # Each decision's rebuild at once: the coalescing window has its own test.
    board_app.config["LEADERBOARD_REBUILD_WINDOW"] = 0
    return board_app


@pytest.fixture
def settle(request, fraud_app, tmp_path):
    """Let queued jobs run: with Redis a real worker serves them; without, they ran inline."""

    def run() -> None:
        if fraud_app.config["REDIS_URL"] is None:
            return
        worker = run_worker(
            fraud_app.config["SQLALCHEMY_DATABASE_URI"], fraud_app.config["REDIS_URL"], tmp_path
        )
        assert worker.returncode == 0, worker.stderr
        db.session.expire_all()

    return run


def boards_as_seen(browser) -> dict[str, list[tuple[str, str, str]]]:
    """Every board of the console's leaderboard page: (rank, name, value) rows."""
    pages = {key: browser.get(f"/console/acme/leaderboard/?board={key}") for key in BOARDS}
    return {key: ROW.findall(page.get_data(as_text=True)) for key, page in pages.items()}


def campaign_board(campaign):
    return [(s.fan_id, s.rank, s.value) for s in leaderboards.top(boards.campaign(campaign))]


def test_flag_holds_the_fan_out_and_clear_restores_exactly(brand, staff, settle):
    summer = make_campaign(brand, "summer")
    ada, cheat, bob, cy = (make_fan(brand, name) for name in ("Ada", "Cheat", "Bob", "Cy"))
    for _ in range(3):
        record(ada, "photo_created", campaign=summer)
    for _ in range(2):
        record(cheat, "photo_created", campaign=summer)
    record(cheat, "game_played")
    record(bob, "photo_created", campaign=summer)
    record(bob, "game_played")
    record(cy, "game_played", campaign=summer)
    db.session.commit()
    moderator = staff()
    before, campaign_before = boards_as_seen(moderator), campaign_board(summer)
    assert [name for _, name, _ in before["all"]] == ["Ada", "Cheat", "Bob", "Cy"]

    response = moderator.submit(
        f"{PAGE}{cheat.id}/flag", {"reason": "Votes from a vote farm."}, page=PAGE
    )
    assert response.status_code == 302
    settle()
    held_out = boards_as_seen(moderator)
    for key in BOARDS:
        assert "Cheat" not in [name for _, name, _ in held_out[key]]
        assert [rank for rank, _, _ in held_out[key]] == ["1", "2", "3"]
    assert held_out["all"] == [("1", "Ada", "60"), ("2", "Bob", "30"), ("3", "Cy", "10")]
    assert cheat.id not in [fan_id for fan_id, _, _ in campaign_board(summer)]

    response = moderator.submit(
        f"{PAGE}{cheat.id}/clear", {"reason": "The farm was someone else's."}, page=PAGE
    )
    assert response.status_code == 302
    settle()
    assert boards_as_seen(moderator) == before
    assert campaign_board(summer) == campaign_before


def test_points_earned_while_flagged_count_once_cleared(brand, staff, settle):
    ada, cheat = make_fan(brand, "Ada"), make_fan(brand, "Cheat")
    record(ada, "photo_created")
    db.session.commit()
    moderator = staff()
    moderator.submit(f"{PAGE}{cheat.id}/flag", {"reason": "Looks like a bot."}, page=PAGE)
    settle()
    record(cheat, "photo_created")
    record(cheat, "game_played")
    db.session.commit()
    assert [name for _, name, _ in boards_as_seen(moderator)["all"]] == ["Ada"]

    moderator.submit(f"{PAGE}{cheat.id}/clear", {"reason": "A real fan after all."}, page=PAGE)
    settle()
    assert boards_as_seen(moderator)["all"] == [("1", "Cheat", "30"), ("2", "Ada", "20")]
