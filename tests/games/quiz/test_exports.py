"""A quiz's exports from its results page: the answers per fan and the results tables, at once
or as a job on a real worker, and who may start them."""

import csv
import io

from sqlalchemy import select

from app import clock as server_clock
from app.console import roles
from app.extensions import db
from app.models import ExportLog
from games.quiz import content
from tests import outbox
from tests.conftest import run_worker
from tests.factories import make_brand
from tests.games.conftest import Staff, staff_user
from tests.games.quiz import quizzes
from tests.games.quiz.conftest import Fan
from tests.games.quiz.helpers import play

CONSOLE = "/console/acme"


def quiz_page(campaign) -> str:
    return f"{CONSOLE}/quizzes/{campaign.id}/results"


def start_export(staff, key: str, campaign):
    """Press the results page's Export button for this list."""
    return staff.submit(
        f"{CONSOLE}/export/new/{key}", {"campaign": campaign.id}, page=quiz_page(campaign)
    )


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def fans_play(app, slug: str, count: int, *, right=True) -> None:
    for _ in range(count):
        app.test_client_class = Fan
        fan = app.test_client()
        fan.visit("acme", slug)
        fan.call("view", {})
        play(fan, right=right)


def signed_in(app, brand, role: str) -> Staff:
    user = staff_user(brand, role)
    db.session.commit()
    app.test_client_class = Staff
    browser = app.test_client()
    browser.login(user.email)
    return browser


def test_an_answers_export_runs_as_a_job_on_a_real_worker(redis_app):
    redis_app.config["EXPORT_DIRECT_ROWS"] = 0
    brand = make_brand("acme", name="Acme Coffee")
    db.session.commit()
    campaign = quizzes.trivia(brand, now=server_clock.now())
    fans_play(redis_app, "trivia", 2)
    owner = signed_in(redis_app, brand, "owner")

    page = owner.get(quiz_page(campaign)).get_data(as_text=True)
    assert f'action="{CONSOLE}/export/new/answers"' in page
    response = start_export(owner, "answers", campaign)
    assert response.status_code == 303
    db.session.expire_all()
    export = db.session.scalars(select(ExportLog)).one()
    assert response.headers["Location"].endswith(f"{CONSOLE}/export/{export.id}")
    assert (export.dataset, export.campaign_id, export.state) == ("answers", campaign.id, "queued")
    assert export.rows_expected == 6
    waiting = owner.get(f"{CONSOLE}/export/{export.id}").get_data(as_text=True)
    assert "Answers to Trivia" in waiting and "Waiting for a worker" in waiting

    result = run_worker(
        redis_app.config["SQLALCHEMY_DATABASE_URI"],
        redis_app.config["REDIS_URL"],
        redis_app.instance_path,
    )
    assert result.returncode == 0, result.stderr
    done = owner.get(f"{CONSOLE}/export/{export.id}/progress").get_json()
    assert (done["state"], done["rows"], done["text"]) == ("ready", 6, "6 rows")
    page = owner.get(f"{CONSOLE}/export/{export.id}").get_data(as_text=True)
    assert "Download the file" in page and "6 rows" in page

    download = owner.get(f"{CONSOLE}/export/{export.id}/file")
    assert download.status_code == 200
    assert "answers-trivia-" in download.headers["Content-Disposition"]
    rows = rows_of(download.get_data())
    assert rows[0][:4] == ["fan_id", "name", "email", "attempt"]
    assert len(rows) == 1 + 6
    assert [row[7] for row in rows[1:4]] == [q.text for q in content.questions(campaign.id)]

    [message] = [
        m
        for m in outbox.messages(redis_app, to="owner@acme.example")
        if m["Subject"] == "Your export of the answers to Trivia is ready"
    ]
    body = outbox.body_of(message)
    assert "Your export holds 6 rows (CSV)." in body
    assert f"{CONSOLE}/export/{export.id}" in body


def test_a_results_export_holds_the_tables_of_the_results_page(staff, brand, clock, new_fan):
    campaign = quizzes.trivia(brand, now=clock.now())
    first, second, _third = content.questions(campaign.id)
    for right in (True, lambda q: q["number"] != 2, True):
        fan = new_fan()
        fan.visit("acme", "trivia")
        fan.call("view", {})
        play(fan, right=right)
    analyst = staff("analyst")

    response = start_export(analyst, "results", campaign)
    assert response.status_code == 200
    assert "results-trivia-" in response.headers["Content-Disposition"]
    rows = rows_of(response.get_data())
    assert rows[0] == ["Section", "Question or outcome", "Choice or figure", "Count", "Share"]
    assert ["Funnel", "Completed", "", "3", "1.0"] in rows
    label = f"2. {second.text}"
    assert ["Questions", label, "Answered", "3", "1.0"] in rows
    assert ["Questions", label, "Right", "2", "0.6667"] in rows
    paris, lyon = second.choices
    assert ["Choices", label, paris.text, "2", "0.6667"] in rows
    assert ["Choices", label, lyon.text, "1", "0.3333"] in rows
    assert ["Questions", f"1. {first.text}", "Right", "3", "1.0"] in rows

    export = db.session.scalars(select(ExportLog)).one()
    assert (export.dataset, export.campaign_id, export.state) == ("results", campaign.id, "sent")
    assert export.row_count == len(rows) - 1


def test_a_poll_exports_its_votes_and_the_answers_name_the_voters(staff, brand, clock, new_fan):
    poll = quizzes.poll(brand, now=clock.now())
    season = content.questions(poll.id)[0]
    for n in range(3):
        fan = new_fan()
        fan.visit("acme", "poll")
        fan.call("vote", {"question_id": season.id, "choice_id": season.choices[n % 2].id})
    analyst = staff("analyst")
    rows = rows_of(start_export(analyst, "results", poll).get_data())
    assert ["Votes", "Best season?", "Spring", "2", "0.6667"] in rows
    assert ["Votes", "Best season?", "Summer", "1", "0.3333"] in rows
    answers = rows_of(start_export(analyst, "answers", poll).get_data())
    assert answers[0] == ["fan_id", "name", "email", "question", "answer", "voted_at"]
    assert [row[3] for row in answers[1:]] == ["Best season?"] * 3


def test_only_members_who_may_export_start_one(staff, brand, clock, monkeypatch):
    campaign = quizzes.trivia(brand, now=clock.now())
    moderator = staff("moderator")
    token = moderator.form_token("/console/login")
    for key in ("answers", "results"):
        refused = moderator.post(
            f"{CONSOLE}/export/new/{key}", data={"csrf_token": token, "campaign": campaign.id}
        )
        assert refused.status_code == 403
    # An analyst whose role lost `export` still sees the results, without the buttons.
    monkeypatch.setitem(roles.PERMISSIONS, "analyst", frozenset({"read", "analytics"}))
    analyst = staff("analyst")
    page = analyst.get(quiz_page(campaign)).get_data(as_text=True)
    assert "Funnel" in page and "/export/new/" not in page
    token = analyst.form_token(quiz_page(campaign))
    refused = analyst.post(
        f"{CONSOLE}/export/new/answers", data={"csrf_token": token, "campaign": campaign.id}
    )
    assert refused.status_code == 403
    assert db.session.scalars(select(ExportLog)).all() == []


def test_a_post_without_its_csrf_token_starts_nothing(staff, brand, clock):
    campaign = quizzes.trivia(brand, now=clock.now())
    owner = staff("owner")
    refused = owner.post(f"{CONSOLE}/export/new/answers", data={"campaign": campaign.id})
    assert refused.status_code == 400
    assert db.session.scalars(select(ExportLog)).all() == []


def test_another_brands_campaign_or_an_unknown_list_is_not_found(staff, brand, clock):
    campaign = quizzes.trivia(brand, now=clock.now())
    other = quizzes.trivia(make_brand("other"), slug="theirs", now=clock.now())
    owner = staff("owner")
    page = quiz_page(campaign)
    assert (
        owner.submit(f"{CONSOLE}/export/new/answers", {"campaign": other.id}, page=page).status_code
        == 404
    )
    assert (
        owner.submit(f"{CONSOLE}/export/new/nope", {"campaign": campaign.id}, page=page).status_code
        == 404
    )
    # A kind's list belongs to a campaign: without one there is nothing to export.
    assert owner.submit(f"{CONSOLE}/export/new/answers", {}, page=page).status_code == 404
