"""One server clock: moving it moves a fan's streak, the week board and time-based badges."""

import re
from datetime import UTC, datetime

from tests.badges.conftest import make_badge
from tests.console.conftest import make_client, make_user
from tests.factories import make_brand, make_campaign

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
STAT = '<dd data-stat="{}">([^<]+)</dd>'
# The name links to the fan's console page.
ROW = re.compile(
    r'<tr><td class="num">(\d+)</td><td>(?:<a [^>]*>)?([^<]*)(?:</a>)?</td>'
    r'<td class="num">(\d+)</td></tr>'
)


def play(fan) -> None:
    page = fan.get("/e/acme/spring")
    token = CSRF.search(page.get_data(as_text=True))[1]
    response = fan.post("/e/acme/spring/play", data={"csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)


def fan_card(fan) -> dict[str, str]:
    """The streak and badge count the fan reads on the brand's home."""
    page = fan.get("/e/acme").get_data(as_text=True)
    return {stat: re.search(STAT.format(stat), page)[1] for stat in ("streak", "badges")}


def week_board(staff) -> list[tuple[str, str, str]]:
    page = staff.get("/console/acme/leaderboard/?board=week")
    assert page.status_code == 200
    return ROW.findall(page.get_data(as_text=True))


def test_moving_the_clock_moves_streaks_week_boards_and_time_based_badges(board_app, clock):
    clock.set(datetime(2026, 6, 7, 10, tzinfo=UTC))  # Sunday noon in Brussels, ISO week 23
    brand = make_brand("acme", timezone="Europe/Brussels")
    make_campaign(brand, "spring")
    make_badge(brand, "two-days", rule=[{"kind": "streak", "days": 2}])
    # Counts only plays from Monday, local time, as the console's date field gives it.
    since_monday = {"kind": "count", "event_type": "game_played", "count": 1}
    make_badge(brand, "new-week", rule=[{**since_monday, "since": "2026-06-08T00:00"}])
    make_user("owner@acme.example", brand=brand)
    staff = make_client(board_app)
    staff.login("owner@acme.example")
    fan = board_app.test_client()

    play(fan)
    assert fan_card(fan) == {"streak": "1 day", "badges": "0"}
    [(rank, name, points)] = week_board(staff)
    assert (rank, points) == ("1", "10")

    clock.advance(days=1)  # Monday: a new week, and the streak is still alive
    assert week_board(staff) == []
    assert fan_card(fan) == {"streak": "1 day", "badges": "0"}

    play(fan)
    assert fan_card(fan) == {"streak": "2 days", "badges": "2"}
    [(rank, again, _)] = week_board(staff)
    assert (rank, again) == ("1", name)

    clock.advance(days=2)  # Wednesday: a day without play broke the streak
    assert fan_card(fan) == {"streak": "0 days", "badges": "2"}
