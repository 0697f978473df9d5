"""A campaign's analytics page against hand-built events, on SQLite and PostgreSQL: the funnel
and its drop-offs, sharing, series by grain, breakdowns, what was held out, the kind's own
panel, every table as CSV; analysts may read it, moderators may not; French."""

import csv
import io
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest

from app.console.services.campaign_analytics import drop_off_percent, line_groups, pick_grain
from app.extensions import db
from tests.analytics.events import campaign_of, put
from tests.console.conftest import make_client, make_user
from tests.factories import make_brand

NOW = datetime(2026, 11, 18, 10, 30, tzinfo=UTC)
DAY = NOW.replace(hour=0, minute=0)
RANGE = "from=2026-11-12&to=2026-11-18"


class Tables(HTMLParser):
    """Each <table data-table=...> of a page as rows of cell texts (header row included)."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._name = self._row = self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self._name = attrs["data-table"]
            self.tables[self._name] = []
        elif tag == "tr" and self._name:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._name].append(self._row)
            self._row = None
        elif tag == "table":
            self._name = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


@pytest.fixture
def setup(any_app, clock):
    clock.set(NOW)
    brand = make_brand("acme", name="Acme", timezone="UTC")
    quiz = campaign_of(brand, "quiz", "quiz.trivia")
    make_user("boss@acme.test", brand=brand)
    db.session.commit()
    client = make_client(any_app)
    client.login("boss@acme.test")
    return brand, quiz, client


def hand_built(brand, quiz):
    """a, b, c view (b twice, c from a newsletter on a computer); a and b start and complete;
    a opts in; a shares and d comes from the share; staff and a bench visit are held out."""
    at = NOW - timedelta(days=1)
    put(
        brand,
        "viewed",
        at,
        "a",
        campaign=quiz,
        utm_source="instagram",
        embed_origin="https://shop.example",
    )
    put(
        brand,
        "viewed",
        at,
        "b",
        campaign=quiz,
        utm_source="instagram",
        embed_origin="https://shop.example",
    )
    put(brand, "viewed", at + timedelta(minutes=5), "b", campaign=quiz, utm_source="instagram")
    put(
        brand,
        "viewed",
        at,
        "c",
        campaign=quiz,
        utm_source="=HYPERLINK(1)",
        device="desktop",
        browser="Chrome",
        language="fr",
    )
    for visitor in "ab":
        put(brand, "started", at, visitor, campaign=quiz)
        put(brand, "completed", at, visitor, campaign=quiz)
    put(brand, "opted_in", at, "a", campaign=quiz)
    put(brand, "shared", at, "a", campaign=quiz)
    put(brand, "share_visit", at, "d", campaign=quiz, share_code="ref000001")
    put(brand, "viewed", at, "s", campaign=quiz, excluded="staff")
    put(brand, "viewed", at, "t", campaign=quiz, excluded="bench")
    # The previous period (the 7 days before): one viewer.
    put(brand, "viewed", NOW - timedelta(days=10), "z", campaign=quiz)
    db.session.commit()


def page_of(client, quiz, query=RANGE):
    response = client.get(f"/console/acme/campaigns/{quiz.id}/analytics?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_the_funnel_its_drop_offs_and_sharing_match_the_events(setup):
    brand, quiz, client = setup
    hand_built(brand, quiz)
    html = page_of(client, quiz)
    tables = Tables(html).tables
    assert tables["funnel"][1:] == [
        ["Viewed", "3", "4", "", "1", "+200.0"],
        ["Started", "2", "2", "33.3", "0", ""],
        ["Completed", "2", "2", "0.0", "0", ""],
        ["Shared", "1", "1", "50.0", "0", ""],
        ["Opted in to marketing", "1", "1", "0.0", "0", ""],
    ]
    assert "1 visitor completed but did not opt in to marketing." in html
    assert tables["sharing"][1:] == [
        ["Shared", "1", "0", ""],
        ["Visits from a share", "1", "0", ""],
        ["Fans joined from a share", "0", "0", ""],
    ]
    # Held out, and said so.
    assert tables["excluded"][1:] == [["Bench traffic", "1"], ["Staff members", "1"]]
    # A chart beside the table, with the same numbers.
    assert 'data-label="Viewed" data-value="3"' in html


def test_breakdowns_name_sources_sites_devices_browsers_and_languages(setup):
    brand, quiz, client = setup
    hand_built(brand, quiz)
    tables = Tables(page_of(client, quiz)).tables
    assert tables["sources"][1:] == [["instagram", "2", "3"], ["=HYPERLINK(1)", "1", "1"]]
    # A visitor counts once a day, under their first visit's source: b's second view is
    # one more time, not one more visitor.
    assert tables["embedding_sites"][1:] == [
        ["https://shop.example", "2", "2"],
        ["Not embedded (the hosted page)", "1", "2"],
    ]
    assert tables["devices"][1:] == [["Phone", "2", "3"], ["Computer", "1", "1"]]
    assert tables["browsers"][1:] == [["Mobile Safari", "2", "3"], ["Chrome", "1", "1"]]
    assert tables["languages"][1:] == [["en", "2", "3"], ["fr", "1", "1"]]


def test_every_table_downloads_as_csv_with_formulas_made_inert(setup):
    brand, quiz, client = setup
    hand_built(brand, quiz)
    base = f"/console/acme/campaigns/{quiz.id}/analytics?{RANGE}"
    funnel = client.get(base + "&csv=funnel")
    assert funnel.mimetype == "text/csv"
    assert "attachment" in funnel.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(funnel.get_data(as_text=True))))
    assert rows[0][:3] == ["Step", "Visitors", "Times"]
    assert rows[2] == ["Started", "2", "2", "33.3", "0", ""]
    sources = list(
        csv.reader(io.StringIO(client.get(base + "&csv=sources").get_data(as_text=True)))
    )
    assert sources[2] == ["'=HYPERLINK(1)", "1", "1"]
    for name in (
        "sharing",
        "over_time",
        "embedding_sites",
        "devices",
        "browsers",
        "languages",
        "excluded",
        "kind_questions",
    ):
        assert client.get(base + f"&csv={name}").mimetype == "text/csv", name
    assert client.get(base + "&csv=nothing").status_code == 404


def test_the_series_grain_follows_the_range(setup):
    brand, quiz, client = setup
    put(brand, "viewed", NOW - timedelta(hours=3), "a", campaign=quiz)
    put(brand, "viewed", NOW - timedelta(hours=1), "b", campaign=quiz)
    db.session.commit()
    # Two days: hour by hour, offered and chosen by default.
    tables = Tables(page_of(client, quiz, "from=2026-11-17&to=2026-11-18")).tables
    over_time = tables["over_time"]
    assert over_time[0][:2] == ["Hour", "Viewed"]
    assert len(over_time) == 1 + 48
    assert over_time[1 + 24 + 7][:2] == ["2026-11-18 07:00", "1"]
    # Seven days: hours are not offered, a request for them gets days.
    html = page_of(client, quiz, RANGE + "&grain=hour")
    over_time = Tables(html).tables["over_time"]
    assert over_time[0][0] == "Day" and len(over_time) == 1 + 7
    assert over_time[-1][:2] == ["2026-11-18", "2"]
    assert ">By hour</a>" not in html
    weeks = Tables(page_of(client, quiz, RANGE + "&grain=week")).tables["over_time"]
    assert [row[:2] for row in weeks[1:]] == [["2026-11-09", "0"], ["2026-11-16", "2"]]


def test_an_empty_campaign_says_so(setup):
    _brand, quiz, client = setup
    html = page_of(client, quiz)
    assert "No visits in these dates yet." in html
    assert "Nothing was left out" in html


def test_a_bad_date_is_shown_beside_its_field(setup):
    _brand, quiz, client = setup
    response = client.get(f"/console/acme/campaigns/{quiz.id}/analytics?from=tomorrow")
    assert response.status_code == 400
    assert "Write the date as YYYY-MM-DD" in response.get_data(as_text=True)


def test_the_quiz_panel_shows_each_question(setup):
    _brand, quiz, client = setup
    from games.quiz.models import QuizQuestion

    db.session.add(QuizQuestion(campaign_id=quiz.id, position=0, text="Capital of France?"))
    db.session.commit()
    html = page_of(client, quiz)
    questions = Tables(html).tables["kind_questions"]
    assert questions[0] == [
        "No.",
        "Question",
        "Reached",
        "Answered",
        "Right (%)",
        "Left at this question",
    ]
    assert questions[1] == ["1", "Capital of France?", "0", "0", "", "0"]
    assert f"/console/acme/quizzes/{quiz.id}/results" in html


@pytest.mark.parametrize(
    "kind, title", [("contest.photo", "Entries and votes"), ("contest.sweepstakes", "Entries")]
)
def test_the_contests_show_their_own_panel(app, clock, kind, title):
    clock.set(NOW)
    brand = make_brand("acme", timezone="UTC")
    contest = campaign_of(brand, "contest", kind)
    make_user("boss@acme.test", brand=brand)
    db.session.commit()
    client = make_client(app)
    client.login("boss@acme.test")
    html = page_of(client, contest)
    assert f'<h2 id="kind-panel-title">{title}</h2>' in html
    assert Tables(html).tables["kind_entries"][1][1] == "0"


def test_the_campaign_page_links_to_it(setup):
    _brand, quiz, client = setup
    page = client.get(f"/console/acme/campaigns/{quiz.id}").get_data(as_text=True)
    assert f'href="/console/acme/campaigns/{quiz.id}/analytics">Analytics</a>' in page


def test_analysts_read_it_and_moderators_may_not(setup):
    brand, quiz, _client = setup
    make_user("mod@acme.test", brand=brand, role="moderator")
    make_user("ana@acme.test", brand=brand, role="analyst")
    moderator = make_client(_client.application)
    moderator.login("mod@acme.test")
    url = f"/console/acme/campaigns/{quiz.id}/analytics"
    assert moderator.get(url).status_code == 403
    assert moderator.get(url + "?csv=funnel").status_code == 403
    analyst = make_client(_client.application)
    analyst.login("ana@acme.test")
    html = page_of(analyst, quiz)
    # An analyst cannot edit the campaign: no Settings tab that would answer 403.
    assert f'href="/console/acme/campaigns/{quiz.id}"' not in html


def test_a_campaign_of_another_brand_is_not_found(setup):
    _brand, _quiz, client = setup
    other = make_brand("other")
    theirs = campaign_of(other, "theirs", "quiz.trivia")
    db.session.commit()
    assert client.get(f"/console/acme/campaigns/{theirs.id}/analytics").status_code == 404


def test_the_page_reads_in_french(setup):
    brand, quiz, client = setup
    hand_built(brand, quiz)
    html = client.get(
        f"/console/acme/campaigns/{quiz.id}/analytics?{RANGE}",
        headers={"Accept-Language": "fr-FR,fr;q=0.9"},
    ).get_data(as_text=True)
    assert "Entonnoir" in html
    assert "Télécharger en CSV" in html
    assert "1 visiteur a terminé sans accepter le marketing." in html
    assert "Funnel" not in html and "Download as CSV" not in html


def test_drop_off_and_grain_rules():
    assert drop_off_percent(3, 2) == 33.3
    assert drop_off_percent(2, 2) == 0.0
    assert drop_off_percent(0, 1) is None
    # A later step never makes a negative drop-off (opted in without completing here).
    assert drop_off_percent(1, 2) == 0.0
    assert pick_grain("hour", 3) == "hour" and pick_grain("hour", 4) == "day"
    assert pick_grain(None, 2) == "hour" and pick_grain(None, 30) == "day"
    assert pick_grain(None, 120) == "week" and pick_grain("week", 7) == "week"
    # Five steps' lines in two charts (3 + 2): the console's styles tell four lines apart.
    assert [len(group) for group in line_groups(list("abcde"))] == [3, 2]
    assert [len(group) for group in line_groups(list("abc"))] == [3]
    assert line_groups([]) == [[]]
