"""Long console lists come a page at a time, can be searched, and never show a broken page."""

import re

import pytest

from app.badges.awarding import award
from app.engagement import record
from app.extensions import db
from tests.badges.conftest import make_badge
from tests.console.conftest import add_member, make_client, make_user
from tests.factories import make_brand, make_campaign, make_fan

MARKED = re.compile(
    r'<tr class="marked" id="marked" aria-current="true">'
    r'<td class="num">(\d+)</td><td>(?:<a [^>]*>)?([^<]*)<'
)


def ranks(page: str) -> list[int]:
    return [int(rank) for rank in re.findall(r'<tr[^>]*><td class="num">(\d+)</td>', page)]


@pytest.fixture
def board(board_app):
    """61 ranked fans on each board backend, and a moderator signed in."""
    brand = make_brand("acme")
    leader = make_fan(brand, "Zed Leader")
    for n in range(3):
        record(leader, "game_played", key=f"lead{n}")
    fans = {}
    for n in range(60):
        fan = make_fan(brand, f"Fan {n:02d}" if n != 42 else "Ada Lovelace")
        record(fan, "game_played", key=f"f{n}")
        fans[n] = fan
    db.session.commit()
    add_member(brand, make_user("mod@acme.test"), "moderator")
    client = make_client(board_app)
    client.login("mod@acme.test")
    return client, fans


def test_the_leaderboard_comes_fifty_ranks_a_page(board):
    client, _fans = board
    first = client.get("/console/acme/leaderboard/").get_data(as_text=True)
    assert ranks(first) == list(range(1, 51))
    assert "1\u201350 of 61" in first and "Page 1 of 2" in first and "Zed Leader" in first
    second = client.get("/console/acme/leaderboard/?page=2").get_data(as_text=True)
    assert ranks(second) == list(range(51, 62)) and "51\u201361 of 61" in second
    # Numbers nobody should type still give a page: the first, or the last.
    for junk, expected in (("abc", 1), ("-3", 1), ("0", 1), ("99999999999", 51)):
        page = client.get(f"/console/acme/leaderboard/?page={junk}").get_data(as_text=True)
        assert ranks(page)[0] == expected, junk


def test_staff_jump_to_a_rank_or_find_a_fan_by_name(board):
    client, fans = board
    page = client.get("/console/acme/leaderboard/?rank=55").get_data(as_text=True)
    assert MARKED.search(page).group(1) == "55" and ranks(page)[0] == 51
    # The page links leave the jump behind: "Previous" goes to page 1, not back to rank 55.
    assert 'href="/console/acme/leaderboard/?board=all&amp;page=1" rel="prev"' in page or (
        'href="/console/acme/leaderboard/?page=1" rel="prev"' in page
    )

    found = client.get("/console/acme/leaderboard/?q=lovel").get_data(as_text=True)
    ada = fans[42].id
    link = f'href="/console/acme/leaderboard/?board=all&amp;fan={ada}#marked"'
    assert link in found and "Fan 07" not in found.split("found-title")[1].split("</section>")[0]
    shown = client.get(f"/console/acme/leaderboard/?fan={ada}").get_data(as_text=True)
    assert MARKED.search(shown).group(2) == "Ada Lovelace"

    nobody = client.get("/console/acme/leaderboard/", query_string={"q": "100%"})
    assert "contains “100%”." in nobody.get_data(as_text=True)


def test_campaigns_are_paged_newest_first_and_searched_literally(any_app):
    brand = make_brand("acme")
    for n in range(54):
        make_campaign(brand, f"c{n:02d}", title=f"Campaign {n:02d}")
    make_campaign(brand, "sale", title="50% off")
    make_user("owner@acme.test", brand=brand)
    client = make_client(any_app)
    client.login("owner@acme.test")

    first = client.get("/console/acme/").get_data(as_text=True)
    assert "1\u201350 of 55" in first and "50% off" in first and "Campaign 00" not in first
    last = client.get("/console/acme/?page=2").get_data(as_text=True)
    assert "Campaign 00" in last and "50% off" not in last
    # "%" and "_" are letters in a search, not wildcards.
    percent = client.get("/console/acme/", query_string={"q": "%"}).get_data(as_text=True)
    assert "50% off" in percent and percent.count('class="slug"') == 1
    underscore = client.get("/console/acme/", query_string={"q": "_"}).get_data(as_text=True)
    assert 'class="slug"' not in underscore and "contains “_”." in underscore
    by_address = client.get("/console/acme/", query_string={"q": "C07"}).get_data(as_text=True)
    assert "Campaign 07" in by_address and by_address.count('class="slug"') == 1


def test_members_are_paged_and_found_by_name_or_email(any_app):
    brand = make_brand("acme")
    make_user("owner@acme.test", brand=brand)
    for n in range(55):
        make_user(f"helper{n:02d}@acme.test", password=None, brand=brand, role="analyst")
    client = make_client(any_app)
    client.login("owner@acme.test")

    first = client.get("/console/acme/members/").get_data(as_text=True)
    assert "1\u201350 of 56" in first and "owner@acme.test" in first  # owners first
    assert "helper54@acme.test" not in first
    assert "helper54@acme.test" in client.get("/console/acme/members/?page=2").get_data(
        as_text=True
    )
    found = client.get("/console/acme/members/?q=HELPER07").get_data(as_text=True)
    assert "helper07@acme.test" in found and "helper08@acme.test" not in found


def test_a_badges_awards_are_paged_and_found_by_fan_name(any_app):
    brand = make_brand("acme")
    badge = make_badge(brand)
    for n in range(55):
        award(badge, make_fan(brand, f"Fan {n:02d}"))
    db.session.commit()
    make_user("owner@acme.test", brand=brand)
    client = make_client(any_app)
    client.login("owner@acme.test")

    url = f"/console/acme/badges/{badge.id}/awards"
    first = client.get(url).get_data(as_text=True)
    assert "1\u201350 of 55" in first and first.count('name="reason"') == 50
    assert client.get(f"{url}?page=2").get_data(as_text=True).count('name="reason"') == 5
    found = client.get(url, query_string={"q": "n 07"}).get_data(as_text=True)
    assert found.count('name="reason"') == 1 and "Fan 07" in found
