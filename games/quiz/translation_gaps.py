"""What of a quiz's questions, choices and outcomes has no text yet in the brand's languages."""

from flask_babel import gettext as _

from app.campaigns.languages import missing
from games.quiz import content
from games.quiz.quiz_types import quiz_type


def missing_translations(campaign, languages: tuple[str, ...]) -> list[str]:
    """Each untranslated text in words staff can find in the editor ("question 2", ...)."""
    kind = quiz_type(campaign)
    gaps: list[str] = []
    if kind == "personality":
        for outcome in content.outcomes(campaign.id):
            texts = {"title": outcome.title, "text": outcome.text}
            if missing(texts, outcome.translations, languages):
                gaps.append(_("outcome “%(title)s”", title=outcome.title))
    for number, question in enumerate(content.questions(campaign.id), start=1):
        texts = {"text": question.text}
        if kind == "trivia":
            texts["explanation"] = question.explanation
        fields = {field for _code, field in missing(texts, question.translations, languages)}
        if "text" in fields:
            gaps.append(_("question %(number)s", number=number))
        if "explanation" in fields:
            gaps.append(_("explanation of question %(number)s", number=number))
        for choice in question.choices:
            if missing({"text": choice.text}, choice.translations, languages):
                words = _("choice “%(choice)s” of question %(number)s")
                gaps.append(words % {"choice": choice.text, "number": number})
    return gaps
