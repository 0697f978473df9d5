"""The brand's analytics overview against hand-built events, on SQLite and PostgreSQL: the
headline figures and their change from the previous period, super fans by the brand's
threshold, score bands, the daily table, CSVs as shown (and inert), a bad range, roles, French."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from app.analytics import rollup
from app.console import charts
from app.console.services.date_range import read_range
from app.engagement.scoring import growth
from app.extensions import db
from app.models import Membership, User
from tests.analytics.events import campaign_of, put
from tests.console.conftest import add_member, make_client, make_user
from tests.factories import make_brand, make_fan

NOW = datetime(2026, 11, 18, 10, 30, tzinfo=UTC)  # a Wednesday
RANGE = "from=2026-11-12&to=2026-11-18"  # 7 days; the previous period is 11-05 to 11-11
URL = f"/console/acme/analytics/?{RANGE}"
JOINED = NOW - timedelta(days=20)


@pytest.fixture
def acme(any_app, clock):
    clock.set(NOW)
    brand = make_brand("acme", name="Acme")
    make_user("boss@acme.test", brand=brand)
    quiz = campaign_of(brand, "quiz", "quiz.trivia")
    quiz.title = "=HYPERLINK(1) quiz"
    yesterday, today = NOW - timedelta(days=1), NOW - timedelta(hours=3)
    for visitor in "abc":
        put(brand, "viewed", yesterday, visitor, campaign=quiz)
    put(brand, "started", yesterday, "a", campaign=quiz)
    put(brand, "started", yesterday, "b", campaign=quiz)
    put(brand, "viewed", today, "e", campaign=quiz)  # a again: a new hash each day
    put(brand, "viewed", today, "d", campaign=quiz)
    put(brand, "started", today, "d", campaign=quiz)
    put(brand, "viewed", today, "s", campaign=quiz, excluded="staff")
    put(brand, "viewed", datetime(2026, 11, 10, 9, tzinfo=UTC), "p", campaign=quiz)  # before
    divisor = growth(NOW, brand.score_epoch, brand.half_life_days)
    make_fan(brand, score_base=150 * divisor, joined_at=JOINED)  # a super fan: 150 >= 100
    make_fan(brand, score_base=10 * divisor, joined_at=JOINED)
    make_fan(brand, score_base=900 * divisor, fraud_flagged=True, joined_at=JOINED)  # not counted
    staff_fan = make_fan(
        brand, score_base=900 * divisor, joined_at=JOINED
    )  # a member of the team: not counted
    db.session.add(Membership(brand_id=brand.id, user_id=staff_fan.user_id, role="analyst"))
    db.session.commit()
    client = make_client(any_app)
    client.login("boss@acme.test")
    return brand, client


def figure(page: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}">(.*?)</li>', page, re.S)
    assert found, key
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def csv_rows(client, name: str) -> list[list[str]]:
    response = client.get(f"{URL}&csv={name}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_headline_figures_match_the_events_and_compare_with_the_period_before(acme, clock):
    _brand, client = acme
    response = client.get(URL)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # 3 visitors yesterday, 2 today (a again: visitors are counted once a day); 1 before.
    assert figure(page, "visitors") == "Visitors 5 +400% vs 1 before"
    # Plays: visitors who started, yesterday 2 and today 1; none before.
    assert figure(page, "plays").startswith("Plays 3 ")
    # 150 counts, 10 does not; the flagged fan and the team's own fan are left out.
    assert figure(page, "superfans") == "Super fans now 1 not compared"
    assert "1 step of staff members" in page
    # The same after the rollup has run over those hours.
    clock.advance(hours=2)
    rollup.run()
    assert figure(client.get(URL).get_data(as_text=True), "visitors").startswith("Visitors 5 ")


def test_the_score_bands_and_the_daily_table_and_their_csv_say_the_same(acme):
    _brand, client = acme
    page = client.get(URL).get_data(as_text=True)
    scores = csv_rows(client, "scores")
    assert scores[0] == ["Engagement score", "Fans"]
    assert [row[1] for row in scores[1:]] == ["1", "0", "0", "1", "0"]
    assert scores[4][0] == "100\u2013200"
    assert 'data-label="100\u2013200" data-value="1"' in page
    traffic = csv_rows(client, "traffic")
    assert traffic[0] == ["Day", "Visitors", "Plays"]
    assert traffic[-2:] == [["2026-11-17", "3", "2"], ["2026-11-18", "2", "1"]]
    assert len(traffic) == 1 + 7
    # The chart draws the same numbers as the table.
    assert 'data-values="0,0,0,0,0,3,2"' in page
    assert 'data-values="0,0,0,0,0,2,1"' in page
    # A campaign's title that a spreadsheet would run is made inert.
    top = csv_rows(client, "top_campaigns")
    assert top[1] == ["'=HYPERLINK(1) quiz", "5", "3"]
    assert "attachment" in client.get(f"{URL}&csv=top_campaigns").headers["Content-Disposition"]
    assert client.get(f"{URL}&csv=nothing").status_code == 404


def test_the_threshold_is_the_brands_own_and_saved_in_the_settings(acme):
    brand, client = acme
    settings = client.get("/console/acme/settings/").get_data(as_text=True)
    assert 'name="superfan_score"' in settings and 'value="100"' in settings
    form = {
        "name": "Acme",
        "primary": "#1d2430",
        "accent": "#f2b134",
        "locale": "en",
        "timezone": "UTC",
        "frame_origins": "",
    }
    refused = client.submit("/console/acme/settings/", {**form, "superfan_score": "-3"})
    assert refused.status_code == 422
    assert "Enter a whole number from 0 to 1000000." in refused.get_data(as_text=True)
    saved = client.submit("/console/acme/settings/", {**form, "superfan_score": "5"})
    assert saved.status_code == 302
    db.session.refresh(brand)
    assert brand.superfan_score == 5
    page = client.get(URL).get_data(as_text=True)
    assert figure(page, "superfans") == "Super fans now 2 not compared"


def test_a_bad_range_is_refused_beside_its_field(acme):
    _brand, client = acme
    response = client.get("/console/acme/analytics/?from=2026-11-18&to=2026-11-01")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(
        r'id="from-problem" role="alert">The start must be on or before the end\.', page
    )
    response = client.get("/console/acme/analytics/?from=18/11/2026")
    assert "Write the date as YYYY-MM-DD" in response.get_data(as_text=True)
    assert client.get("/console/acme/analytics/?to=2026-12-01").status_code == 400
    # The page still shows the last 30 days meanwhile; a CSV of a refused range is not given.
    assert client.get("/console/acme/analytics/?to=2026-12-01&csv=scores").status_code == 404


def test_an_empty_period_says_so(acme):
    _brand, client = acme
    page = client.get("/console/acme/analytics/?from=2026-01-01&to=2026-01-31").get_data(
        as_text=True
    )
    assert "No visits in this period yet" in page


def test_roles_moderators_are_refused_analysts_see_it(acme):
    brand, owner = acme
    add_member(brand, make_user("mod@acme.test"), "moderator")
    add_member(brand, make_user("ana@acme.test"), "analyst")
    moderator = make_client(owner.application)
    moderator.login("mod@acme.test")
    assert moderator.get(URL).status_code == 403
    assert "/analytics/" not in moderator.get("/console/acme/").get_data(as_text=True)
    analyst = make_client(owner.application)
    analyst.login("ana@acme.test")
    assert analyst.get(URL).status_code == 200
    assert analyst.get(f"{URL}&csv=scores").status_code == 200


def test_the_french_page_writes_numbers_the_french_way(acme):
    _brand, client = acme
    boss = db.session.scalar(db.select(User).where(User.email == "boss@acme.test"))
    boss.locale = "fr"
    db.session.commit()
    page = client.get(URL).get_data(as_text=True)
    assert '<html lang="fr">' in page
    # "+400 %" with a no-break space, as French writes a percentage.
    assert re.search(r"\+400\s%", figure(page, "visitors"))


def test_a_preset_is_the_same_range_and_the_previous_period_is_as_long(acme):
    brand, client = acme
    preset = client.get("/console/acme/analytics/?days=7").get_data(as_text=True)
    assert figure(preset, "visitors") == figure(client.get(URL).get_data(as_text=True), "visitors")
    assert 'aria-current="true">Last 7 days' in preset
    span = read_range({"from": "2026-11-12", "to": "2026-11-18"}, brand, NOW)
    assert (span.start, span.end) == (
        datetime(2026, 11, 12, tzinfo=UTC),
        NOW.replace(day=19, hour=0, minute=0),
    )
    assert span.previous_start == datetime(2026, 11, 5, tzinfo=UTC)
    assert span.previous_end == span.start


def test_a_fan_who_joined_after_the_moment_read_breaks_no_cohort(acme, clock):
    brand, client = acme
    make_fan(brand, joined_at=NOW + timedelta(days=12))  # a clock behind, a sign-up meanwhile
    db.session.commit()
    assert client.get(URL).status_code == 200


def test_a_chart_scales_to_its_column_and_carries_exact_values(app):
    with app.test_request_context(headers={"Accept-Language": "fr-FR"}):
        line = str(charts.line_chart(["a", "b"], [("Fans", [1234567, 2.5])], title="T"))
        bars = str(charts.bar_chart([("x", 1500)], title="T", unit="%"))
    assert 'viewBox="0 0 360 220" width="100%"' in line
    assert 'data-values="1234567,2.5"' in line
    assert "a 1\u202f234\u202f567" in line  # the description in the reader's language
    assert 'data-value="1500"' in bars and "<title" in bars and "<desc" in bars
