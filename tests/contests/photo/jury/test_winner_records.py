"""A photo contest's published winners share the console's winners page with sweepstakes."""

from sqlalchemy import select

from app.extensions import db
from app.models.winners import Winner
from contests.photo import winners

WINNERS = "/console/acme/winners/"


def test_published_photo_winners_appear_with_their_rank_and_no_redraw(contest):
    first, second = contest.fan("Ana"), contest.fan("Ben")
    top, runner_up = contest.entry(first), contest.entry(second)
    contest.votes(top, 3)
    contest.votes(runner_up, 1)
    contest.close()
    winners.publish(contest.campaign, None)
    db.session.commit()

    owner = contest.staff("owner")
    page = owner.get(WINNERS).get_data(as_text=True)
    assert "#1 · Summer photos" in page
    assert "Redraw from the alternates" not in page
    assert f"/console/acme/fans/{first.id}" in page
    (record,) = db.session.scalars(select(Winner)).all()
    assert (record.fan_id, record.ref, record.status) == (first.id, f"entry:{top.id}", "pending")
