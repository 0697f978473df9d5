"""The fan's brand home shows the all-time top 10 and, below it, the fan's own neighbourhood."""

import re

from app.engagement import leaderboards, record
from app.extensions import db
from app.identity.fan_session import SESSION_KEY
from app.models import Brand
from tests.embed.conftest import add_brand
from tests.factories import make_fan

ROW = re.compile(
    r'<li class="sf-board-row( sf-board-me)?" data-rank="(\d+)"( aria-current="true")?>\s*'
    r'<span class="sf-board-rank">(\d+)</span>\s*<span class="sf-board-name">(.*?)</span>'
)


def board_rows(html: str, which: str) -> list[tuple[int, str, bool]]:
    """(rank, name as in the HTML, marked as the fan's own) for each row of one list."""
    found = re.search(
        rf'<ol class="sf-board-list" data-board="{which}"[^>]*>(.*?)</ol>', html, re.S
    )
    if found is None:
        return []
    rows = []
    for me_class, rank, current, shown_rank, name in ROW.findall(found[1]):
        assert rank == shown_rank and bool(me_class) == bool(current)
        rows.append((int(rank), name, bool(me_class)))
    return rows


def panel(html: str) -> str:
    return re.search(r'<section class="sf-card sf-board".*?</section>', html, re.S)[0]


def league(count: int) -> list:
    """`count` fans of Acme named Player 1..count; Player n holds rank n (10 points apart)."""
    brand = add_brand("acme", name="Acme Coffee")
    fans = [make_fan(brand, f"Player {n}") for n in range(1, count + 1)]
    for n, fan in enumerate(fans):
        for _ in range(count - n):
            record(fan, "game_played")
    db.session.commit()
    return fans


def home_as(app, fan=None, **headers) -> str:
    client = app.test_client()
    if fan is not None:
        with client.session_transaction("/e/acme") as session:  # a fan path: the fan cookie
            session[SESSION_KEY] = fan.user_id
    response = client.get("/e/acme", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_fan_below_the_top_sees_the_top_and_their_neighbourhood(board_app):
    fans = league(16)
    html = home_as(board_app, fans[14])  # rank 15 of 16

    assert board_rows(html, "top") == [(n, f"Player {n}", False) for n in range(1, 11)]
    # Two above, two below when there are: ranks 13 to 16, with ranks 11 and 12 skipped.
    assert board_rows(html, "near") == [(n, f"Player {n}", n == 15) for n in range(13, 17)]
    assert "Around you" in html and 'class="sf-board-gap"' in html
    assert '<span class="sf-board-you">you</span>' in html
    assert 'data-stat="rank">#15<' in html  # the fan card's rank is the board's
    assert "@example.com" not in html  # names, never emails


def test_a_neighbourhood_right_below_the_top_repeats_no_row_and_skips_no_rank(board_app):
    fans = league(13)
    html = home_as(board_app, fans[11])  # rank 12: neighbours 10 to 14, 10 is in the top

    assert [rank for rank, _, _ in board_rows(html, "top")] == list(range(1, 11))
    assert board_rows(html, "near") == [
        (11, "Player 11", False),
        (12, "Player 12", True),
        (13, "Player 13", False),
    ]
    assert 'class="sf-board-gap"' not in html


def test_a_fan_in_the_top_sees_no_separate_neighbourhood(board_app):
    fans = league(14)
    html = home_as(board_app, fans[2])

    assert board_rows(html, "top") == [(n, f"Player {n}", n == 3) for n in range(1, 11)]
    assert board_rows(html, "near") == []
    assert "Around you" not in html
    assert 'data-stat="rank">#3<' in html


def test_a_newcomer_without_a_profile_sees_the_top_10_only(board_app):
    league(12)
    html = home_as(board_app)

    assert board_rows(html, "top") == [(n, f"Player {n}", False) for n in range(1, 11)]
    assert board_rows(html, "near") == []
    assert "sf-board-me" not in html and "sf-board-you" not in html


def test_a_fan_not_on_the_board_yet_sees_the_top_unmarked(any_app):
    fans = league(3)
    newcomer = make_fan(db.session.get(Brand, fans[0].brand_id), "Just Arrived")
    db.session.commit()
    html = home_as(any_app, newcomer)

    assert board_rows(html, "top") == [(n, f"Player {n}", False) for n in range(1, 4)]
    assert board_rows(html, "near") == [] and "Just Arrived" not in panel(html)


def test_an_empty_board_invites_the_fan_to_play(any_app):
    add_brand("acme")
    db.session.commit()
    html = home_as(any_app)
    assert "Nobody is on the board yet" in html and 'class="sf-board-list"' not in html


def test_names_are_escaped_and_a_fan_without_a_name_shows_neutrally(any_app):
    fans = league(3)
    fans[0].user.display_name = '<script>alert("x")</script>'
    fans[1].user.display_name = ""
    db.session.commit()
    html = home_as(any_app, fans[2])

    names = [name for _, name, _ in board_rows(html, "top")]
    assert names == ["&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "A fan", "Player 3"]
    assert "<script>alert" not in html

    french = home_as(any_app, fans[2], **{"Accept-Language": "fr"})
    assert "Classement" in french and "Un fan" in french
    assert '<span class="sf-board-you">vous</span>' in french


def test_the_home_reads_the_board_once(board_app, monkeypatch):
    fans = league(12)
    reads = []
    real_read = leaderboards._read

    def counted(method, *args):
        reads.append(method)
        return real_read(method, *args)

    monkeypatch.setattr(leaderboards, "_read", counted)
    home_as(board_app, fans[11])
    assert reads == ["top_and_around"]
