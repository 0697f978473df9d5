"""The leaderboard page: the brand's best fans by display name, never their email."""

from app.engagement import record
from app.extensions import db
from tests.console.conftest import add_member, make_user
from tests.factories import make_brand, make_fan


def test_the_leaderboard_lists_fans_by_name_in_rank_order(client):
    brand = make_brand("acme")
    ada = make_fan(brand, "Ada Lovelace", email="ada@example.com")
    bob = make_fan(brand, "Bob Marley")
    make_fan(brand, "Idle Ida")
    for n in range(3):
        record(ada, "game_played", key=f"ada{n}")
    record(bob, "game_played", key="bob")
    other = make_brand("other")
    record(make_fan(other, "Other Olga"), "game_played", key="olga")
    db.session.commit()
    add_member(brand, make_user("mod@acme.test"), "moderator")
    client.login("mod@acme.test")

    for board in ("all", "week", "month", "score"):
        page = client.get(f"/console/acme/leaderboard/?board={board}").get_data(as_text=True)
        assert page.index("Ada Lovelace") < page.index("Bob Marley"), board
        assert "Idle Ida" not in page
        assert "Other Olga" not in page
        assert "ada@example.com" not in page
    assert '<td class="num">30</td>' in client.get("/console/acme/leaderboard/").get_data(
        as_text=True
    )
