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
from games.quiz.models import QuizAttempt, QuizChoice, QuizQuestion
from tests.games.quiz import quizzes
from tests.games.quiz.helpers import fan_of, play

CONSOLE = "/console/acme"
NEW = f"{CONSOLE}/campaigns/new"


def campaign_url(campaign) -> str:
    """The common campaign page: status, title, dates and the quiz's settings."""
    return f"{CONSOLE}/campaigns/{campaign.id}"


def quiz_url(campaign) -> str:
    """The quiz's own pages: questions, preview, results."""
    return f"{CONSOLE}/quizzes/{campaign.id}"


def flashes(html: str) -> list[str]:
    return re.findall(r'<p class="notice" role="status">([^<]+)</p>', html)


def png_bytes(colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return out.getvalue()


def create(owner, kind: str, title: str, slug: str):
    return owner.submit(
        NEW, {"kind": kind, "title": title, "slug": slug}, page=f"{NEW}?kind={kind}"
    )


def export(staff, key: str, campaign, *, page: str):
    """Press the results page's Export button for this list (small: it downloads at once)."""
    return staff.submit(f"{CONSOLE}/export/new/{key}", {"campaign": campaign.id}, page=page)


def choice_rows(*choices) -> dict:
    """The question form's choice rows: (text, right) or (id, text, right) each."""
    data = {}
    for index, choice in enumerate(choices):
        *choice_id, text, right = choice
        data[f"choice-{index}-text"] = text
        if choice_id:
            data[f"choice-{index}-id"] = str(choice_id[0])
        if right:
            data.setdefault("correct", []).append(str(index))
    return data


def test_an_owner_builds_a_trivia_quiz_and_puts_it_live(staff, brand, fan):
    owner = staff("owner")
    nav = owner.get(f"{NEW}?kind=quiz.trivia").get_data(as_text=True)
    for label in ("Trivia quiz", "Personality quiz", "Poll"):
        assert label in nav
    response = create(owner, "quiz.trivia", "Pub quiz", "pub-quiz")
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "pub-quiz"))
    assert response.headers["Location"].endswith(campaign_url(campaign))
    assert campaign.status == "draft" and campaign.kind == "quiz.trivia"
    editor = f"{quiz_url(campaign)}/questions"
    assert f'href="{editor}"' in owner.get(campaign_url(campaign)).get_data(as_text=True)

    # One form: the question, its choices (an empty spare row is left out) and the right one.
    response = owner.submit(
        f"{editor}/new",
        {"text": "Largest planet?", "time_limit": "15"}
        | choice_rows(("Jupiter", True), ("Mars", False), ("", False)),
        page=editor,
    )
    assert "Question added." in flashes(
        owner.get(response.headers["Location"]).get_data(as_text=True)
    )
    question = content.questions(campaign.id)[0]
    assert question.time_limit_seconds == 15
    assert [(c.text, c.correct) for c in question.choices] == [("Jupiter", True), ("Mars", False)]
    jupiter, mars = question.choices
    owner.submit(
        f"{quiz_url(campaign)}/questions/{question.id}",
        {"text": "Largest planet?", "explanation": "Jupiter is huge.", "time_limit": "20"}
        | choice_rows((jupiter.id, "Jupiter", True), (mars.id, "Mars", False)),
        page=editor,
    )
    response = owner.submit(
        campaign_url(campaign),
        {
            "title": "Pub quiz",
            "attempts": "count",
            "max_attempts": "2",
            "points_per_correct": "50",
            "speed_bonus": "10",
            "sudden_death": "on",
            "starts_at": "2026-01-01T09:00",
        },
        page=campaign_url(campaign),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    response = owner.submit(
        f"{campaign_url(campaign)}/status", {"status": "live"}, page=campaign_url(campaign)
    )
    page = owner.get(response.headers["Location"]).get_data(as_text=True)
    assert "The campaign is live." in flashes(page)
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
    create(owner, "quiz.poll", "Vote", "vote")
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "vote"))
    url = campaign_url(campaign)
    response = owner.submit(f"{url}/status", {"status": "live"}, page=url)
    assert response.status_code == 400
    assert "Add at least one question." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).status == "draft"


def test_refusals_keep_nothing(staff, brand):
    owner = staff("owner")
    create(owner, "quiz.trivia", "Quiz", "quiz")
    again = create(owner, "quiz.trivia", "Again", "quiz")
    assert "already uses the address" in again.get_data(as_text=True)
    bad = create(owner, "quiz.trivia", "Bad", "Bad Slug!")
    assert "lowercase letters" in bad.get_data(as_text=True)
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "quiz"))
    url = campaign_url(campaign)
    response = owner.submit(
        url,
        {
            "title": "Quiz",
            "attempts": "often",
            "starts_at": "2026-02-01T10:00",
            "ends_at": "2026-01-01T10:00",
        },
        page=url,
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Attempts must be one of: once, daily, count, unlimited." in page
    assert "The end date must come after the start date." in page
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).starts_at is None


def test_a_refused_question_keeps_what_was_typed_and_saves_nothing(staff, brand, clock):
    campaign = quizzes.trivia(brand, status="draft", now=clock.now())
    owner = staff("owner")
    editor = f"{quiz_url(campaign)}/questions"
    response = owner.submit(
        f"{editor}/new",
        {"text": "  ", "time_limit": "0", "video_url": "http://plain.example"}
        | choice_rows(("Saturn", True), ("Venus", False)),
        page=editor,
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for problem in (
        "Write the question.",
        "The time limit is a number of seconds from 1 to 3600.",
        "The video link must be an https:// address of at most 500 characters.",
    ):
        assert problem in page
    assert 'value="Saturn"' in page and 'value="http://plain.example"' in page
    assert len(content.questions(campaign.id)) == 3


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
    url = quiz_url(campaign)
    assert browser.get(campaign_url(campaign)).status_code == builder
    assert browser.get(f"{url}/questions").status_code == builder
    assert browser.get(f"{NEW}?kind=quiz.trivia").status_code == builder
    assert browser.get(f"{url}/preview").status_code == builder
    assert browser.get(f"{url}/results").status_code == results
    # The answers export starts from the results page (a POST), as a download at once here.
    started = browser.post(
        f"{CONSOLE}/export/new/answers",
        data={"csrf_token": browser.form_token("/console/login"), "campaign": campaign.id},
    )
    assert started.status_code == answers
    token = browser.form_token("/console/login")
    response = browser.post(f"{url}/questions/new", data={"csrf_token": token, "text": "Sneaky?"})
    assert response.status_code == (302 if builder == 200 else builder)


def test_signed_out_staff_are_sent_to_login(app, brand, clock):
    campaign = quizzes.trivia(brand, now=clock.now())
    response = app.test_client().get(f"{quiz_url(campaign)}/questions")
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_a_quiz_of_another_kind_or_brand_is_not_found(staff, brand, clock):
    from tests.factories import make_brand, make_campaign

    other = make_brand("globex")
    foreign = quizzes.trivia(other, "foreign", now=clock.now())
    game = make_campaign(brand, "not-a-quiz")
    owner = staff("owner")
    assert owner.get(f"{quiz_url(foreign)}/questions").status_code == 404
    assert owner.get(f"{quiz_url(game)}/questions").status_code == 404
    assert owner.get(f"{quiz_url(game)}/results").status_code == 404
    question = content.questions(foreign.id)[0]
    mine = quizzes.trivia(brand, "mine", now=clock.now())
    editor = f"{quiz_url(mine)}/questions"
    response = owner.submit(f"{editor}/{question.id}", {"text": "Hijack"}, page=editor)
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(QuizQuestion, question.id).text != "Hijack"
    # Nor can a form name another question's choice as one of its rows.
    own = content.questions(mine.id)[0]
    response = owner.submit(
        f"{editor}/{own.id}",
        {"text": own.text} | choice_rows((question.choices[0].id, "Hijack", True)),
        page=editor,
    )
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(QuizChoice, question.choices[0].id).text != "Hijack"


def test_one_form_adds_renames_removes_choices_and_picks_the_right_one(staff, brand, clock):
    campaign = quizzes.trivia(brand, status="draft", now=clock.now())
    owner = staff("owner")
    editor = f"{quiz_url(campaign)}/questions"
    question = content.questions(campaign.id)[0]  # 2 + 2? with 4 (right), 5, 22
    four, five, twenty_two = question.choices
    response = owner.submit(
        f"{editor}/{question.id}",
        {"text": "2 + 2 = ?", "choice-2-remove": "on"}
        | choice_rows(
            (four.id, "Four", False), (five.id, "Five", False), (twenty_two.id, "22", False)
        )
        | {"choice-3-text": "Four, in words", "correct": "3"},
        page=editor,
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/questions#question-{question.id}")
    db.session.expire_all()
    saved = content.questions(campaign.id)[0]
    assert saved.text == "2 + 2 = ?"
    assert [(c.text, c.correct) for c in saved.choices] == [
        ("Four", False),
        ("Five", False),
        ("Four, in words", True),
    ]


def test_the_editor_says_the_truth_and_asks_before_deleting(staff, brand, clock):
    live = quizzes.trivia(brand, now=clock.now())
    draft = quizzes.trivia(brand, "draft", status="draft", now=clock.now())
    owner = staff("owner")
    page = owner.get(f"{quiz_url(live)}/questions").get_data(as_text=True)
    assert "The quiz is live" in page
    assert "ready to go live" not in page.lower() and "questions are ready" not in page
    page = owner.get(f"{quiz_url(draft)}/questions").get_data(as_text=True)
    assert "The questions are ready: put the quiz live from its Settings tab." in page
    delete = re.search(
        r'<button type="submit" class="button danger"([^>]*)>Delete this question', page
    )
    assert delete and 'data-confirm="Delete question 1 and its choices?"' in delete[1]
    # Each choice sits in the question's one form: one Save button per question.
    assert page.count(">Save the question</button>") == 3
    assert re.search(
        r'<input type="radio" id="q-\d+-correct-0" name="correct" value="0" checked', page
    )
    assert re.search(r'<label for="q-\d+-correct-0">Right answer</label>', page)


def test_structure_is_frozen_once_fans_played_but_texts_can_change(staff, brand, clock, fan):
    campaign = quizzes.trivia(brand, now=clock.now())
    fan.visit("acme", "trivia")
    fan.call("start", {})
    owner = staff("owner")
    editor = f"{quiz_url(campaign)}/questions"
    question = content.questions(campaign.id)[0]
    response = owner.submit(
        f"{editor}/new", {"text": "Another?"} | choice_rows(("A", True)), page=editor
    )
    assert response.status_code == 400
    assert "can no longer be added or removed" in response.get_data(as_text=True)
    assert owner.submit(f"{editor}/{question.id}/delete", page=editor).status_code == 400
    first = question.choices[0]
    removal = {"text": question.text, "choice-0-id": str(first.id), "choice-0-text": first.text}
    response = owner.submit(
        f"{editor}/{question.id}", removal | {"choice-0-remove": "on"}, page=editor
    )
    assert response.status_code == 400
    response = owner.submit(f"{editor}/{question.id}", {"text": "Two plus two?"}, page=editor)
    assert response.status_code == 302
    db.session.expire_all()
    questions = content.questions(campaign.id)
    assert len(questions) == 3 and len(questions[0].choices) == 3
    assert questions[0].text == "Two plus two?"


def test_images_go_through_app_media(staff, brand, clock, fan):
    campaign = quizzes.trivia(brand, now=clock.now())
    owner = staff("owner")
    editor = f"{quiz_url(campaign)}/questions"
    question = content.questions(campaign.id)[0]
    response = owner.submit(
        f"{editor}/{question.id}",
        {"text": question.text, "image": (io.BytesIO(png_bytes()), "photo.png")},
        page=editor,
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
        f"{editor}/{question.id}",
        {"text": "Edited", "image": (io.BytesIO(b"not an image at all"), "evil.png")},
        page=editor,
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "not a JPEG, PNG, WebP or GIF image" in response.get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(QuizQuestion, question.id)
    assert kept.text == question.text and kept.image_id == image_id


def test_hostile_uploads_from_the_corpus_are_refused_or_stored_cleanly(staff, brand, clock, corpus):
    campaign = quizzes.trivia(brand, now=clock.now())
    owner = staff("owner")
    editor = f"{quiz_url(campaign)}/questions"
    question = content.questions(campaign.id)[0]
    files = sorted(p for p in corpus.rglob("*") if p.is_file())[:25]
    assert files
    for path in files:
        response = owner.submit(
            f"{editor}/{question.id}",
            {"text": question.text, "image": (io.BytesIO(path.read_bytes()), path.name)},
            page=editor,
            content_type="multipart/form-data",
        )
        assert response.status_code in (302, 400), path.name
        if response.status_code == 400:
            assert "Nothing was saved" in response.get_data(as_text=True), path.name


def test_personality_builder_sets_outcomes_and_weights(staff, brand):
    owner = staff("owner")
    create(owner, "quiz.personality", "Which bean", "bean")
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "bean"))
    url = quiz_url(campaign)
    editor = f"{url}/questions"
    for title in ("Arabica", "Robusta"):
        owner.submit(f"{url}/outcomes", {"title": title, "text": f"You are {title}."}, page=editor)
    arabica, robusta = content.outcomes(campaign.id)
    owner.submit(
        f"{editor}/new",
        {
            "text": "Sweet or bitter?",
            "choice-0-text": "Sweet",
            f"choice-0-weight-{arabica.id}": "3",
            f"choice-0-weight-{robusta.id}": "0",
            "choice-1-text": "Bitter",
            f"choice-1-weight-{robusta.id}": "2",
            "choice-2-text": "",
        },
        page=editor,
    )
    sweet, bitter = content.questions(campaign.id)[0].choices
    response = owner.submit(
        f"{campaign_url(campaign)}/status", {"status": "live"}, page=campaign_url(campaign)
    )
    assert "The campaign is live." in flashes(
        owner.get(response.headers["Location"]).get_data(as_text=True)
    )
    db.session.expire_all()
    weights = {
        (w.choice_id, w.outcome_id): w.weight
        for c in content.questions(campaign.id)[0].choices
        for w in c.weights
    }
    assert weights == {(sweet.id, arabica.id): 3, (bitter.id, robusta.id): 2}
    page = owner.get(editor).get_data(as_text=True)
    assert re.search(
        rf'<label for="q-\d+-weight-0-{arabica.id}">Arabica</label>\s*'
        rf'<input type="number" id="q-\d+-weight-0-{arabica.id}" '
        rf'name="choice-0-weight-{arabica.id}" min="-100" max="100" value="3">',
        page,
    )


def test_preview_shows_the_quiz_and_records_nothing(staff, brand, clock):
    campaign = quizzes.personality(brand, now=clock.now())
    owner = staff("owner")
    url = quiz_url(campaign)
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
        headers={"X-CSRFToken": owner.form_token(f"{url}/preview")},
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
    url = quiz_url(campaign)
    page = analyst.get(f"{url}/results").get_data(as_text=True)
    steps = dict(re.findall(r'<td data-step="(\w+)">(\d+)</td>', page))
    assert steps == {"viewed": "3", "started": "3", "completed": "2", "shared": "1"}
    first, second, _third = content.questions(campaign.id)
    row = re.search(rf'<tr data-question="{second.id}">(.*?)</tr>', page, re.S)[1]
    assert re.findall(r"<td>([^<]*)</td>", row)[2:] == ["2", "2", "50%", "0"]
    row = re.search(rf'<tr data-question="{first.id}">(.*?)</tr>', page, re.S)[1]
    assert re.findall(r"<td>([^<]*)</td>", row)[2:] == ["3", "2", "100%", "1"]

    response = export(analyst, "answers", campaign, page=f"{url}/results")
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
    page = analyst.get(f"{quiz_url(persona)}/results").get_data(as_text=True)
    assert re.search(r"<td>Cat</td><td>3</td>", page)
    page = analyst.get(f"{quiz_url(poll)}/results").get_data(as_text=True)
    assert "<td>Spring</td><td>2</td>" in page and "<td>Summer</td><td>1</td>" in page
    csv_text = export(analyst, "answers", poll, page=f"{quiz_url(poll)}/results").get_data(
        as_text=True
    )
    assert csv_text.count("Best season?") == 3


def test_the_console_campaign_list_links_to_each_quiz_and_its_page_to_the_editor(
    staff, brand, clock
):
    trivia = quizzes.trivia(brand, now=clock.now())
    poll = quizzes.poll(brand, now=clock.now())
    manager = staff("manager")
    page = manager.get(f"{CONSOLE}/").get_data(as_text=True)
    assert f'href="{campaign_url(trivia)}"' in page and f'href="{campaign_url(poll)}"' in page
    assert "Trivia quiz" in page and "Poll" in page
    page = manager.get(campaign_url(poll)).get_data(as_text=True)
    for tab in ("questions", "preview", "results"):
        assert f'href="{quiz_url(poll)}/{tab}"' in page
    assert "2 questions" in page
