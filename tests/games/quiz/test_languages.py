"""A quiz written in English and French: staff enter both, fans read theirs, gaps are listed."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import Brand, Campaign
from games.quiz import content
from tests.games.quiz import quizzes
from tests.games.quiz.test_console import campaign_url, choice_rows, quiz_url

ONE_QUESTION = [("2 + 2?", [("4", True), ("5", False)], {"explanation": "Arithmetic."})]


def bilingual(brand, **options):
    brand.content_locales = ["fr"]
    return quizzes.trivia(brand, questions=ONE_QUESTION, **options)


def missing_panel(page: str) -> str:
    """The campaign page's "Missing translations" panel as text, or "" when there is none."""
    found = re.search(r'<section id="translations".*?</section>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[0])) if found else ""


def test_staff_enter_french_texts_and_the_missing_panel_empties(staff, brand):
    campaign = bilingual(brand, status="draft")
    owner = staff("owner")
    page = owner.get(campaign_url(campaign)).get_data(as_text=True)
    assert 'name="title__fr"' in page and "Title — Français" in page
    panel = missing_panel(page)
    assert "Missing translations" in panel and "Français" in panel
    for gap in ("title", "question 1", "explanation of question 1", "choice “4” of question 1"):
        assert gap in panel

    question = content.questions(campaign.id)[0]
    four, five = question.choices
    editor = f"{quiz_url(campaign)}/questions"
    assert 'name="choice-0-text__fr"' in owner.get(editor).get_data(as_text=True)
    response = owner.submit(
        f"{editor}/{question.id}",
        {"text": "2 + 2?", "explanation": "Arithmetic.", "text__fr": "2 + 2 ?"}
        | {"explanation__fr": "Arithmétique.", "choice-0-text__fr": "Quatre"}
        | choice_rows((four.id, "4", True), (five.id, "5", False)),
        page=editor,
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    question = content.questions(campaign.id)[0]
    assert question.translations == {"fr": {"text": "2 + 2 ?", "explanation": "Arithmétique."}}
    assert question.choices[0].translations == {"fr": {"text": "Quatre"}}
    assert question.choices[1].translations == {}
    panel = missing_panel(owner.get(campaign_url(campaign)).get_data(as_text=True))
    assert "choice “5” of question 1" in panel and "question 1," not in panel

    response = owner.submit(
        campaign_url(campaign),
        {"title": "Trivia", "title__fr": "Quiz", "attempts": "once"},
        page=campaign_url(campaign),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    owner.submit(
        f"{editor}/{question.id}",
        {"text": "2 + 2?", "text__fr": "2 + 2 ?", "explanation__fr": "Arithmétique."}
        | {"explanation": "Arithmetic.", "choice-0-text__fr": "Quatre", "choice-1-text__fr": "Cinq"}
        | choice_rows((four.id, "4", True), (five.id, "5", False)),
        page=editor,
    )
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).translations == {"fr": {"title": "Quiz"}}
    assert missing_panel(owner.get(campaign_url(campaign)).get_data(as_text=True)) == ""


def test_a_brand_in_one_language_shows_no_translation_inputs_nor_panel(staff, brand):
    campaign = quizzes.trivia(brand, questions=ONE_QUESTION, status="draft")
    owner = staff("owner")
    page = owner.get(campaign_url(campaign)).get_data(as_text=True)
    assert "title__fr" not in page and missing_panel(page) == ""
    assert "__fr" not in owner.get(f"{quiz_url(campaign)}/questions").get_data(as_text=True)


def test_settings_choose_the_languages_of_the_content(staff, brand):
    owner = staff("owner")
    url = "/console/acme/settings/"
    page = owner.get(url).get_data(as_text=True)
    assert "Languages of your campaigns" in page
    form = {
        "name": "Acme Coffee",
        "primary": "#7a3e1d",
        "accent": "#f2b134",
        "locale": "en",
        "timezone": "UTC",
        "frame_origins": "",
    }
    response = owner.submit(url, form | {"content_locales": ["fr", "en"]}, page=url)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Brand, brand.id).content_locales == ["fr"]
    page = owner.get(url).get_data(as_text=True)
    assert re.search(r'id="content_locales-fr"[^>]*checked', page)
    assert re.search(r'id="content_locales-en"[^>]*checked[^>]*disabled', page)
    owner.submit(url, form, page=url)
    db.session.expire_all()
    assert db.session.get(Brand, brand.id).content_locales == []


def translate_all(campaign) -> None:
    campaign.translations = {"fr": {"title": "Quiz en français", "rules_text": "Une partie."}}
    question = content.questions(campaign.id)[0]
    question.translations = {"fr": {"text": "2 + 2 ?", "explanation": "Arithmétique."}}
    # "5" is left untranslated: French fans read the default text.
    question.choices[0].translations = {"fr": {"text": "Quatre"}}
    db.session.commit()


def test_a_french_fan_reads_french_and_the_default_where_nothing_is_translated(brand, new_fan):
    campaign = bilingual(brand)
    campaign.rules_text = "One game."
    translate_all(campaign)

    french = new_fan()
    page = french.visit("acme", campaign.slug, "?lang=fr")
    assert "Quiz en français" in page and "Une partie." in page
    served = french.call("start", {})["question"]
    assert served["text"] == "2 + 2 ?"
    assert [c["text"] for c in served["choices"]] == ["Quatre", "5"]
    four = served["choices"][0]["id"]
    judged = french.call("answer", {"question_id": served["question_id"], "choice_ids": [four]})
    assert judged["correct"] and judged["explanation"] == "Arithmétique."

    english = new_fan()
    page = english.visit("acme", campaign.slug, "?lang=en")
    assert "Quiz en français" not in page and "Trivia" in page
    served = english.call("start", {})["question"]
    assert served["text"] == "2 + 2?" and [c["text"] for c in served["choices"]] == ["4", "5"]

    # A browser whose language the content is not written in reads the brand's default.
    german = new_fan()
    german.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    german.visit("acme", campaign.slug)
    assert german.call("start", {})["question"]["text"] == "2 + 2?"


def test_a_fan_who_switches_language_mid_game_keeps_their_game(brand, new_fan):
    campaign = bilingual(brand)
    translate_all(campaign)
    fan = new_fan()
    fan.visit("acme", campaign.slug, "?lang=fr")
    served = fan.call("start", {})["question"]
    assert served["text"] == "2 + 2 ?"
    # The game was frozen at its start; the switch changes the words only.
    fan.visit("acme", campaign.slug, "?lang=en")
    again = fan.call("state")["question"]
    assert again["text"] == "2 + 2?" and again["question_id"] == served["question_id"]
    assert [c["id"] for c in again["choices"]] == [c["id"] for c in served["choices"]]
    judged = fan.call(
        "answer", {"question_id": again["question_id"], "choice_ids": [again["choices"][0]["id"]]}
    )
    assert judged["correct"] and judged["explanation"] == "Arithmetic."


def test_personality_outcomes_and_polls_read_in_french(brand, new_fan):
    brand.content_locales = ["fr"]
    persona = quizzes.personality(brand)
    for outcome in content.outcomes(persona.id):
        outcome.translations = {"fr": {"title": f"Un {outcome.title}!", "text": "En français."}}
    poll = quizzes.poll(brand)
    content.questions(poll.id)[0].translations = {"fr": {"text": "Meilleure saison ?"}}
    db.session.commit()

    fan = new_fan()
    fan.visit("acme", persona.slug, "?lang=fr")
    question = fan.call("start", {})["question"]
    while True:
        judged = fan.call(
            "answer",
            {"question_id": question["question_id"], "choice_ids": [question["choices"][0]["id"]]},
        )
        if judged["finished"]:
            break
        question = fan.call("next", {})["question"]
    result = fan.call(f"result?attempt={judged['attempt_id']}")
    assert result["outcome"]["title"] in ("Un Cat!", "Un Dog!")
    assert result["outcome"]["text"] == "En français."

    fan.visit("acme", poll.slug, "?lang=fr")
    questions = fan.call("state")["questions"]
    assert [q["text"] for q in questions] == ["Meilleure saison ?", "Tea or coffee?"]


def test_the_demo_quiz_is_written_in_english_and_french(app):
    from app.demo import ensure_brand
    from games.quiz import demo

    brand = ensure_brand()
    assert brand.content_locales == ["fr"]
    demo.load("trivia", brand)
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "coffee-trivia"))
    assert campaign.translations["fr"]["title"] == "Connaissez-vous vraiment le café ?"
    question = content.questions(campaign.id)[0]
    assert question.translations["fr"]["text"] == "Quel pays produit le plus de café ?"
    assert question.choices[0].translations == {"fr": {"text": "Brésil"}}


def test_a_new_campaign_takes_its_french_title_and_a_refused_form_keeps_it(staff, brand):
    brand.content_locales = ["fr"]
    db.session.commit()
    owner = staff("owner")
    new = "/console/acme/campaigns/new"
    assert 'name="title__fr"' in owner.get(f"{new}?kind=quiz.trivia").get_data(as_text=True)
    response = owner.submit(
        new,
        {"kind": "quiz.trivia", "title": "Pub quiz", "title__fr": "Quiz du pub", "slug": "pub"},
        page=new,
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == "pub"))
    assert campaign.translations == {"fr": {"title": "Quiz du pub"}}

    url = campaign_url(campaign)
    response = owner.submit(url, {"title": "", "title__fr": "Nouveau titre"}, page=url)
    assert response.status_code == 400
    assert 'value="Nouveau titre"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).translations == {"fr": {"title": "Quiz du pub"}}


def test_a_refused_question_shows_the_french_texts_that_were_typed(staff, brand):
    campaign = bilingual(brand, status="draft")
    owner = staff("owner")
    question = content.questions(campaign.id)[0]
    four, five = question.choices
    editor = f"{quiz_url(campaign)}/questions"
    response = owner.submit(
        f"{editor}/{question.id}",
        {"text": "", "text__fr": "Deux et deux ?", "choice-1-text__fr": "Cinq"}
        | choice_rows((four.id, "4", True), (five.id, "5", False)),
        page=editor,
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Deux et deux ?</textarea>" in page and 'value="Cinq"' in page
    db.session.expire_all()
    assert content.questions(campaign.id)[0].translations == {}


def test_outcomes_are_written_in_french_beside_english(staff, brand):
    brand.content_locales = ["fr"]
    campaign = quizzes.personality(brand, status="draft")
    owner = staff("owner")
    url = quiz_url(campaign)
    editor = f"{url}/questions"
    panel = missing_panel(owner.get(campaign_url(campaign)).get_data(as_text=True))
    assert "outcome “Cat”" in panel
    owner.submit(
        f"{url}/outcomes",
        {"title": "Owl", "text": "Wise.", "title__fr": "Hibou", "text__fr": "Sage."},
        page=editor,
    )
    cat = content.outcomes(campaign.id)[0]
    owner.submit(
        f"{url}/outcomes/{cat.id}",
        {"title": "Cat", "text": "You are a Cat.", "title__fr": "Chat"},
        page=editor,
    )
    db.session.expire_all()
    cat, _dog, owl = content.outcomes(campaign.id)
    assert owl.translations == {"fr": {"title": "Hibou", "text": "Sage."}}
    assert cat.translations == {"fr": {"title": "Chat"}}
    assert 'value="Hibou"' in owner.get(editor).get_data(as_text=True)


def test_a_quiz_not_open_yet_is_named_in_the_fans_language(brand, new_fan):
    campaign = bilingual(brand, status="scheduled")
    translate_all(campaign)
    response = new_fan().get(f"/e/acme/{campaign.slug}?lang=fr")
    page = response.get_data(as_text=True)
    assert "not open yet" in page or "pas encore ouverte" in page
    assert "Quiz en français" in page and "Trivia" not in page
