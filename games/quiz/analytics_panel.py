"""The quiz's section of the campaign analytics page: per-question figures, its results link."""

from flask import url_for
from flask_babel import gettext as _

from games.quiz import results
from games.quiz.quiz_types import quiz_type

TEMPLATE = "console/_analytics_panel.html"


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate * 100:.0f}"


def panel(campaign) -> tuple[str, dict]:
    """Questions at a glance (answered, right, left at it), or a poll's votes per question."""
    kind = quiz_type(campaign)
    link = (
        _("All the results, question by question"),
        url_for("quiz_console.results_page", campaign_id=campaign.id),
    )
    note = _("Since the campaign began, whatever the dates above.")
    if kind == "poll":
        rows = [(n, q["text"], q["total"]) for n, q in enumerate(results.poll_counts(campaign), 1)]
        table = (_("Votes per question"), [_("No."), _("Question"), _("Votes")], rows)
        return TEMPLATE, {
            "title": _("Poll"),
            "note": note,
            "facts": [(_("Votes"), sum(row[2] for row in rows))],
            "tables": {"questions": table},
            "link": link,
        }
    stats = results.question_stats(campaign)
    headings = [_("No."), _("Question"), _("Reached"), _("Answered")]
    if kind == "trivia":
        headings.append(_("Right (%)"))
    headings.append(_("Left at this question"))
    rows = []
    for q in stats:
        row = [q["number"], q["text"], q["reached"], q["answered"]]
        if kind == "trivia":
            row.append(_percent(q["correct_rate"]))
        rows.append((*row, q["dropped"]))
    facts = [(_("Questions"), len(stats))]
    if kind == "trivia" and stats:
        hardest = min(
            (q for q in stats if q["correct_rate"] is not None),
            key=lambda q: q["correct_rate"],
            default=None,
        )
        if hardest is not None:
            facts.append((_("Hardest question"), f"{hardest['number']}. {hardest['text']}"))
    return TEMPLATE, {
        "title": _("Questions"),
        "note": note,
        "facts": facts,
        "tables": {"questions": (_("Per question"), headings, rows)},
        "link": link,
    }
