"""Drawing in the console: once, after close, verifiable by CLI and page, redraws logged."""

import threading
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select, text

from app.campaigns.refusals import Refused
from app.extensions import db
from app.models import EngagementEvent, FanProfile
from contests.sweepstakes import drawing, services
from contests.sweepstakes.models import SweepstakesDraw, SweepstakesEntrant, SweepstakesPick
from tests.factories import make_fan
from tests.games.conftest import Browser

ACTIONS = "/console/acme/sweepstakes/{}"
EDIT = "/console/acme/campaigns/{}"
DRAW_PAGE = "/e/acme/win/sweepstakes/draw"


def _enter(campaign, clock, count: int) -> list[FanProfile]:
    fans = []
    for _ in range(count):
        fan = make_fan(campaign.brand)
        services.enter(
            campaign, fan, date_of_birth="1990-01-01", country="FR", agreed=True, now=clock.now()
        )
        fans.append(fan)
    db.session.commit()
    return fans


def _close_and_draw(campaign, clock):
    clock.advance(days=8)
    made = drawing.make_draw(campaign, now=clock.now())
    db.session.commit()
    return made


def _verify(app):
    return app.test_cli_runner().invoke(args=["contests", "verify-draw", "acme/win"])


def _public_page(app) -> str:
    app.test_client_class = Browser
    return app.test_client().get(DRAW_PAGE).get_data(as_text=True)


def test_the_draw_waits_for_entries_to_close_and_happens_once(app, sweepstakes, staff, clock):
    _enter(sweepstakes, clock, 6)
    owner = staff("owner")
    edit, actions = EDIT.format(sweepstakes.id), ACTIONS.format(sweepstakes.id)
    early = owner.submit(f"{actions}/draw", page=edit)
    assert early.status_code == 409
    assert "Entries are still open" in early.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(SweepstakesDraw)) == 0

    clock.advance(days=8)
    assert owner.submit(f"{actions}/draw", page=edit).status_code == 302
    picks = db.session.scalars(select(SweepstakesPick.entrant_code)).all()
    again = owner.submit(f"{actions}/draw", page=edit)
    assert again.status_code == 409
    assert "have already been drawn; a draw happens once" in again.get_data(as_text=True)
    assert db.session.scalars(select(SweepstakesPick.entrant_code)).all() == picks
    assert len(picks) == 4
    won = db.session.scalar(select(func.count()).where(EngagementEvent.type == "draw_won"))
    assert won == 2


def test_verify_draw_says_match_and_the_page_shows_the_draw(app, sweepstakes, clock):
    _enter(sweepstakes, clock, 5)
    made = _close_and_draw(sweepstakes, clock)
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "MATCH: the winners follow" in result.output
    page = _public_page(app)
    assert made.seed_hex in page and made.list_hash in page
    assert "<strong>MATCH</strong>" in page
    winners = drawing.published(sweepstakes).picks[:2]
    assert all(f"<li><code>{code}</code></li>" in page for code in winners)
    assert "@" not in made.list_text


@pytest.mark.parametrize(
    "tampering",
    [
        "UPDATE sweepstakes_pick SET entrant_code = 'ffffffffffff' WHERE position = 1",
        "UPDATE sweepstakes_draw SET seed_hex = '" + "ab" * 32 + "'",
        "UPDATE sweepstakes_draw SET list_text = 'ffffffffffff 99\n' || list_text",
        "DELETE FROM sweepstakes_pick WHERE position = 4",
        "UPDATE sweepstakes_seal SET rules_text = rules_text || 'One more rule.'",
        # Same number of picks, so the stream still matches, but the third pick now wins.
        "UPDATE sweepstakes_draw SET winners = winners + 1, alternates = alternates - 1",
    ],
)
def test_editing_a_draw_row_in_the_database_shows_as_a_mismatch(
    any_app, sweepstakes, clock, tampering
):
    _enter(sweepstakes, clock, 5)
    _close_and_draw(sweepstakes, clock)
    db.session.execute(text(tampering))
    db.session.commit()
    result = _verify(any_app)
    assert result.exit_code == 1
    assert "MISMATCH" in result.output and "BAD" in result.output
    assert "<strong>MISMATCH</strong>" in _public_page(any_app)


def test_a_redraw_is_logged_with_its_reason_and_stays_verifiable(app, sweepstakes, staff, clock):
    _enter(sweepstakes, clock, 6)
    _close_and_draw(sweepstakes, clock)
    before = drawing.published(sweepstakes).picks
    owner = staff("owner")
    edit, actions = EDIT.format(sweepstakes.id), ACTIONS.format(sweepstakes.id)

    no_reason = owner.submit(f"{actions}/redraw", {"code": before[0], "reason": " "}, page=edit)
    assert no_reason.status_code == 400
    not_winner = owner.submit(f"{actions}/redraw", {"code": before[2], "reason": "x"}, page=edit)
    assert not_winner.status_code == 409
    assert f"{before[2]} is not one of the current winners." in not_winner.get_data(as_text=True)

    done = owner.submit(
        f"{actions}/redraw", {"code": before[0], "reason": "Did not reply in 14 days"}, page=edit
    )
    assert done.status_code == 302
    published = drawing.published(sweepstakes)
    assert published.redraws == [before[0]]
    assert published.picks[:4] == before and len(published.picks) == 5
    page = _public_page(app)
    assert f"<code>{before[0]}</code>: Did not reply in 14 days" in page
    assert (
        f'<ol data-role="winners"><li><code>{before[1]}</code></li><li><code>{before[2]}</code>'
        in page
    )
    result = _verify(app)
    assert result.exit_code == 0 and f"winners: {before[1]}, {before[2]}" in result.output
    promoted = db.session.scalar(
        select(SweepstakesEntrant.fan_id).where(SweepstakesEntrant.code == before[2])
    )
    assert (
        db.session.scalar(
            select(func.count()).where(
                EngagementEvent.type == "draw_won", EngagementEvent.fan_id == promoted
            )
        )
        == 1
    )


def test_fans_flagged_for_fraud_are_held_out_of_the_draw(app, sweepstakes, clock):
    fans = _enter(sweepstakes, clock, 4)
    for fan in fans[:3]:
        fan.fraud_flagged = True
    db.session.commit()
    made = _close_and_draw(sweepstakes, clock)
    honest = db.session.scalar(
        select(SweepstakesEntrant.code).where(SweepstakesEntrant.fan_id == fans[3].id)
    )
    assert made.list_text == f"{honest} 1\n"
    assert drawing.published(sweepstakes).picks == [honest]


def test_a_draw_without_eligible_entries_is_refused_and_stores_nothing(app, sweepstakes, clock):
    clock.advance(days=8)
    with pytest.raises(Refused) as refused:
        drawing.make_draw(sweepstakes, now=clock.now())
    assert refused.value.code == "no_entries"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SweepstakesDraw)) == 0


def test_concurrent_draws_on_postgresql_make_one_draw(pg_app, sweepstakes, clock):
    _enter(sweepstakes, clock, 8)
    clock.advance(days=8)
    app = current_app._get_current_object()
    # Read here: the threads must not load the test's own (expired) objects concurrently.
    campaign_type, campaign_id, drawn_at = type(sweepstakes), sweepstakes.id, clock.now()
    start = threading.Barrier(2)
    outcomes = []

    def draw_now():
        with app.app_context():
            campaign = db.session.get(campaign_type, campaign_id)
            start.wait()
            try:
                drawing.make_draw(campaign, now=drawn_at + timedelta(seconds=1))
                db.session.commit()
                outcomes.append("drawn")
            except Refused as refused:
                db.session.rollback()
                outcomes.append(refused.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=draw_now) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["already_drawn", "drawn"]
    assert db.session.scalar(select(func.count()).select_from(SweepstakesDraw)) == 1
    assert _verify(app).exit_code == 0
