"""Quiz console pages: the builder for owners and managers, results for analysts, roles held."""

import csv
import io
import re

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.extensions import db
from app.models import Campaign, EngagementEvent, FanProfile
from games.quiz import content
from games.quiz.models import QuizAttempt, QuizQuestion
from tests.games import quizzes
from tests.games.helpers import fan_of, play

BASE = "/console/acme/quizzes"


def edit_url(campaign) -> str:
    return f"{BASE}/{campaign.kind.split('.')[1]}/{campaign.id}"


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="notice" role="status">([^<]+)</p>', html)


def png_bytes(colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return out.getvalue()


def test_an_owner_builds_a_trivia_quiz_and_puts_it_live(staff, brand, fan):
    owner = staff("owner")
    nav = owner.get("/console/acme/quizzes/trivia/new").get_data(as_text=True)
    for label in ("Trivia quiz", "Personality quiz", "Poll"):
        assert label in nav
    response = owner.submit(
        f"{BASE}/trivia/new", {"title": "Pub quiz", "slug": "pub-quiz"}, page=f"{BASE}/trivia/new"
    )
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "pub-quiz"))
    url = edit_url(campaign)
    assert response.headers["Location"].endswith(url)
    assert campaign.status == "draft" and campaign.kind == "quiz.trivia"

    owner.submit(f"{url}/questions", {"text": "Largest planet?", "time_limit": "15"}, page=url)
    question = content.questions(campaign.id)[0]
    assert question.time_limit_seconds == 15
    for text, correct in (("Jupiter", "on"), ("Mars", None)):
        data = {"text": text} | ({"correct": correct} if correct else {})
        owner.submit(f"{url}/questions/{question.id}/choices", data, page=url)
    owner.submit(
        f"{url}/questions/{question.id}",
        {"text": "Largest planet?", "explanation": "Jupiter is huge.", "time_limit": "20"},
        page=url,
    )
    owner.submit(
        f"{url}/settings",
        {
            "title": "Pub quiz",
            "attempts": "count",
            "max_attempts": "2",
            "points_per_correct": "50",
            "speed_bonus": "10",
            "sudden_death": "on",
            "starts_at": "2026-01-01T09:00",
        },
        page=url,
    )
    response = owner.submit(f"{url}/status", {"status": "live"}, page=url)
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "The quiz is now live." in flashes(page)
    db.session.expire_all()
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.status == "live"
    assert campaign.settings["max_attempts"] == 2 and campaign.settings["sudden_death"] is True
    assert campaign.starts_at.isoformat() == "2026-01-01T09:00:00+00:00"  # brand in UTC

    fan.visit("acme", "pub-quiz")
    served = fan.call("start", {})["question"]
    assert served["text"] == "Largest planet?" and served["time_limit"] == 20


def test_going_live_is_refused_with_the_problems(staff, brand):
    owner = staff("owner")
    owner.submit(f"{BASE}/poll/new", {"title": "Vote", "slug": "vote"}, page=f"{BASE}/poll/new")
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "vote"))
    url = edit_url(campaign)
    response = owner.submit(f"{url}/status", {"status": "live"}, page=url)
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "Add at least one question." in flashes(page)
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == "draft"


def test_refusals_keep_nothing(staff, brand):
    owner = staff("owner")
    owner.submit(f"{BASE}/trivia/new", {"title": "Quiz", "slug": "quiz"}, page=f"{BASE}/trivia/new")
    again = owner.submit(
        f"{BASE}/trivia/new", {"title": "Again", "slug": "quiz"}, page=f"{BASE}/trivia/new"
    )
    assert "already uses the address" in again.get_data(as_text=True)
    bad = owner.submit(
        f"{BASE}/trivia/new", {"title": "Bad", "slug": "Bad Slug!"}, page=f"{BASE}/trivia/new"
    )
    assert "lowercase letters" in bad.get_data(as_text=True)
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "quiz"))
    url = edit_url(campaign)
    response = owner.submit(
        f"{url}/settings",
        {
            "title": "Quiz",
            "attempts": "often",
            "starts_at": "2026-02-01T10:00",
            "ends_at": "2026-01-01T10:00",
        },
        page=url,
    )
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attempts must be one of: once, daily, count, unlimited." in flashes(page)
    assert "The end date must come after the start date." in flashes(page)
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).starts_at is None


@pytest.mark.parametrize(
    ("role", "builder", "results", "answers"),
    [
        ("owner", 200, 200, 200),
        ("manager", 200, 200, 200),
        ("analyst", 403, 200, 200),
        ("moderator", 403, 403, 403),
        ("none", 404, 404, 404),
    ],
)
def test_roles(staff, brand, clock, role, builder, results, answers):
    campaign = quizzes.trivia(brand, now=clock.now())
    browser = staff(role)
    url = edit_url(campaign)
    assert browser.get(url).status_code == builder
    assert browser.get(f"{BASE}/trivia/new").status_code == builder
    assert browser.get(f"{url}/preview").status_code == builder
    assert browser.get(f"{url}/results").status_code == results
    assert browser.get(f"{url}/answers.csv").status_code == answers
    token = browser.form_token("/console/login")
    response = browser.post(f"{url}/questions", data={"csrf_token": token, "text": "Sneaky?"})
    assert response.status_code == (302 if builder == 200 else builder)


def test_signed_out_staff_are_sent_to_login(app, brand, clock):
    campaign = quizzes.trivia(brand, now=clock.now())
    response = app.test_client().get(edit_url(campaign))
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_a_quiz_of_another_kind_or_brand_is_not_found(staff, brand, clock):
    from tests.factories import make_brand

    other = make_brand("globex")
    foreign = quizzes.trivia(other, "foreign", now=clock.now())
    poll = quizzes.poll(brand, now=clock.now())
    owner = staff("owner")
    assert owner.get(f"{BASE}/trivia/{foreign.id}").status_code == 404
    assert owner.get(f"{BASE}/trivia/{poll.id}").status_code == 404
    question = content.questions(foreign.id)[0]
    mine = quizzes.trivia(brand, "mine", now=clock.now())
    url = edit_url(mine)
    response = owner.submit(f"{url}/questions/{question.id}", {"text": "Hijack"}, page=url)
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(QuizQuestion, question.id).text != "Hijack"


def test_structure_is_frozen_once_fans_played_but_texts_can_change(staff, brand, clock, fan):
    campaign = quizzes.trivia(brand, now=clock.now())
    fan.visit("acme", "trivia")
    fan.call("start", {})
    owner = staff("owner")
    url = edit_url(campaign)
    question = content.questions(campaign.id)[0]
    response = owner.submit(f"{url}/questions", {"text": "Another?"}, page=url)
    assert "can no longer be added or removed" in " ".join(
        flashes(owner.get(response.headers["Location"]).get_data(as_text=True))
    )
    owner.submit(f"{url}/questions/{question.id}/delete", page=url)
    owner.submit(f"{url}/choices/{question.choices[0].id}/delete", page=url)
    owner.submit(f"{url}/questions/{question.id}", {"text": "Two plus two?"}, page=url)
    db.session.expire_all()
    questions = content.questions(campaign.id)
    assert len(questions) == 3 and len(questions[0].choices) == 3
    assert questions[0].text == "Two plus two?"


def test_images_go_through_app_media(staff, brand, clock, fan):
    campaign = quizzes.trivia(brand, now=clock.now())
    owner = staff("owner")
    url = edit_url(campaign)
    question = content.questions(campaign.id)[0]
    response = owner.submit(
        f"{url}/questions/{question.id}",
        {"text": question.text, "image": (io.BytesIO(png_bytes()), "photo.png")},
        page=url,
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    image_id = db.session.get(QuizQuestion, question.id).image_id
    assert image_id is not None
    fan.visit("acme", "trivia")
    served = fan.call("start", {})["question"]
    assert served["image_url"].startswith("/media/")
    assert fan.get(served["image_url"]).status_code == 200

    response = owner.submit(
        f"{url}/questions/{question.id}",
        {"text": "Edited", "image": (io.BytesIO(b"not an image at all"), "evil.png")},
        page=url,
        content_type="multipart/form-data",
    )
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "not a JPEG, PNG, WebP or GIF image" in " ".join(flashes(page))
    db.session.expire_all()
    kept = db.session.get(QuizQuestion, question.id)
    assert kept.text == question.text and kept.image_id == image_id


def test_hostile_uploads_from_the_corpus_are_refused_or_stored_cleanly(staff, brand, clock, corpus):
    campaign = quizzes.trivia(brand, now=clock.now())
    owner = staff("owner")
    url = edit_url(campaign)
    question = content.questions(campaign.id)[0]
    files = sorted(p for p in corpus.rglob("*") if p.is_file())[:25]
    assert files
    for path in files:
        response = owner.submit(
            f"{url}/questions/{question.id}",
            {"text": question.text, "image": (io.BytesIO(path.read_bytes()), path.name)},
            page=url,
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, path.name


def test_personality_builder_sets_outcomes_and_weights(staff, brand):
    owner = staff("owner")
    new = f"{BASE}/personality/new"
    owner.submit(new, {"title": "Which bean", "slug": "bean"}, page=new)
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "bean"))
    url = edit_url(campaign)
    for title in ("Arabica", "Robusta"):
        owner.submit(f"{url}/outcomes", {"title": title, "text": f"You are {title}."}, page=url)
    owner.submit(f"{url}/questions", {"text": "Sweet or bitter?"}, page=url)
    question = content.questions(campaign.id)[0]
    for text in ("Sweet", "Bitter"):
        owner.submit(f"{url}/questions/{question.id}/choices", {"text": text}, page=url)
    arabica, robusta = content.outcomes(campaign.id)
    sweet, bitter = content.questions(campaign.id)[0].choices
    owner.submit(
        f"{url}/choices/{sweet.id}",
        {"text": "Sweet", f"weight_{arabica.id}": "3", f"weight_{robusta.id}": "0"},
        page=url,
    )
    owner.submit(
        f"{url}/choices/{bitter.id}", {"text": "Bitter", f"weight_{robusta.id}": "2"}, page=url
    )
    response = owner.submit(f"{url}/status", {"status": "live"}, page=url)
    assert "The quiz is now live." in flashes(
        owner.get(response.headers["Location"]).get_data(as_text=True)
    )
    db.session.expire_all()
    weights = {
        (w.choice_id, w.outcome_id): w.weight
        for c in content.questions(campaign.id)[0].choices
        for w in c.weights
    }
    assert weights == {(sweet.id, arabica.id): 3, (bitter.id, robusta.id): 2}
    page = owner.get(url).get_data(as_text=True)
    assert f'name="weight_{arabica.id}" min="-100" max="100" value="3"' in page


def test_preview_shows_the_quiz_and_records_nothing(staff, brand, clock):
    campaign = quizzes.personality(brand, now=clock.now())
    owner = staff("owner")
    url = edit_url(campaign)
    page = owner.get(f"{url}/preview").get_data(as_text=True)
    assert "Morning or night?" in page and "Nothing you do here is recorded" in page
    night = next(
        c.id for q in content.questions(campaign.id) for c in q.choices if c.text == "Night"
    )
    indoors = next(
        c.id for q in content.questions(campaign.id) for c in q.choices if c.text == "In"
    )
    response = owner.post(
        f"{url}/preview/outcome",
        json={"choice_ids": [night, indoors]},
        headers={"X-CSRFToken": owner.form_token(url)},
    )
    assert response.get_json()["outcome"]["title"] == "Cat"
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0
    assert db.session.scalar(select(func.count()).select_from(EngagementEvent)) == 0
    assert db.session.scalar(select(func.count()).select_from(FanProfile)) == 0


def test_results_funnel_questions_and_csv(staff, brand, clock, new_fan):
    campaign = quizzes.trivia(brand, now=clock.now())
    players = []
    for _ in range(3):
        fan = new_fan()
        fan.visit("acme", "trivia")
        fan.call("view", {})
        players.append(fan)
    play(players[0], right=True)
    result = play(players[1], right=lambda q: q["number"] != 2)
    players[1].call("share", {"attempt_id": result["attempt_id"]})
    players[2].call("start", {})  # stops at the first question
    consenting, hostile = fan_of(result["attempt_id"] - 1), fan_of(result["attempt_id"])
    hostile.user.display_name = '=HYPERLINK("http://evil.example","x")'
    hostile.user.email = "evil@example.com"
    consenting.user.email = "ada@example.com"
    consenting.marketing_consent, consenting.marketing_consent_at = True, clock.now()
    db.session.commit()

    analyst = staff("analyst")
    url = edit_url(campaign)
    page = analyst.get(f"{url}/results").get_data(as_text=True)
    steps = dict(re.findall(r'<td data-step="(\w+)">(\d+)</td>', page))
    assert steps == {"viewed": "3", "started": "3", "completed": "2", "shared": "1"}
    first, second, _third = content.questions(campaign.id)
    row = re.search(rf'<tr data-question="{second.id}">(.*?)</tr>', page, re.S)[1]
    assert re.findall(r"<td>([^<]*)</td>", row)[2:] == ["2", "2", "50%", "0"]
    row = re.search(rf'<tr data-question="{first.id}">(.*?)</tr>', page, re.S)[1]
    assert re.findall(r"<td>([^<]*)</td>", row)[2:] == ["3", "2", "100%", "1"]

    response = analyst.get(f"{url}/answers.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["fan_id", "name", "email", "attempt"]
    assert len(rows) == 1 + 3 + 3 + 1
    names = {r[1] for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    # An email leaves only with marketing consent.
    emails = {r[2] for r in rows[1:]}
    assert "ada@example.com" in emails and "evil@example.com" not in emails


def test_personality_and_poll_results(staff, brand, clock, new_fan):
    persona = quizzes.personality(brand, now=clock.now())
    poll = quizzes.poll(brand, now=clock.now())
    for right in (True, False, False):
        fan = new_fan()
        fan.visit("acme", "persona")
        play(fan, right=right)
    season = content.questions(poll.id)[0]
    for n in range(3):
        fan = new_fan()
        fan.visit("acme", "poll")
        fan.call("vote", {"question_id": season.id, "choice_id": season.choices[n % 2].id})
    analyst = staff("analyst")
    page = analyst.get(f"{edit_url(persona)}/results").get_data(as_text=True)
    assert re.search(r"<td>Cat</td><td>3</td>", page)
    page = analyst.get(f"{edit_url(poll)}/results").get_data(as_text=True)
    assert "<td>Spring</td><td>2</td>" in page and "<td>Summer</td><td>1</td>" in page
    csv_text = analyst.get(f"{edit_url(poll)}/answers.csv").get_data(as_text=True)
    assert csv_text.count("Best season?") == 3


def test_the_console_campaign_list_links_to_each_quiz_builder(staff, brand, clock):
    trivia = quizzes.trivia(brand, now=clock.now())
    poll = quizzes.poll(brand, now=clock.now())
    page = staff("manager").get("/console/acme/").get_data(as_text=True)
    assert f'href="{edit_url(trivia)}"' in page and f'href="{edit_url(poll)}"' in page
    assert "Trivia quiz" in page and "Poll" in page
