"""Quizzes inside the embed shell: /e/<brand>/<campaign> draws the quiz page, fan headers apply."""

from tests.games.quiz import quizzes


def test_the_embed_campaign_page_is_the_quiz(brand, fan, clock):
    quizzes.trivia(brand, now=clock.now())
    page = fan.get("/e/acme/trivia")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="quiz"' in html and 'data-api="/e/acme/trivia/quiz/"' in html
    assert "js/games/quiz.js" in html and "css/games.css" in html
    assert '<meta name="csrf-token"' in html  # the shell's layout


def test_a_quiz_not_live_gets_the_shells_message(brand, fan, clock):
    quizzes.trivia(brand, status="draft", now=clock.now())
    html = fan.get("/e/acme/trivia").get_data(as_text=True)
    assert 'id="quiz"' not in html and "not open yet" in html


def test_quiz_endpoints_get_the_fan_framing_policy(brand, fan, clock):
    brand.frame_origins = ["https://shop.example"]
    quizzes.trivia(brand, now=clock.now())
    fan.visit("acme", "trivia")
    response = fan.get(fan.quiz_url + "state")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://shop.example" in policy
    assert "X-Frame-Options" not in response.headers


def test_the_poll_page_has_no_start_button(brand, fan, clock):
    quizzes.poll(brand, now=clock.now())
    html = fan.visit("acme", "poll")
    assert 'data-action="start"' not in html and 'data-kind="poll"' in html


def test_the_scripts_are_served(app, fan):
    for path in (
        "/static/js/games/quiz.js",
        "/static/js/games/preview.js",
        "/static/css/games.css",
    ):
        assert fan.get(path).status_code == 200
