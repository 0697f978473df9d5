"""Work deferred to after commit runs once, after the real commit, and never after a rollback."""

from sqlalchemy.exc import IntegrityError

from app.aftercommit import after_commit
from app.engagement import boards, healing, leaderboards, record
from app.extensions import db
from app.redisclient import get_redis
from tests.factories import make_brand, make_campaign, make_fan


def test_runs_after_the_outer_commit_not_after_a_savepoint(any_app):
    ran = []
    make_brand()
    after_commit(db.session(), lambda: ran.append("done"))
    with db.session.begin_nested():
        make_brand("inner")
    assert ran == []
    db.session.commit()
    assert ran == ["done"]
    db.session.commit()
    assert ran == ["done"]


def test_a_rollback_drops_the_work(any_app):
    ran = []
    make_brand()
    after_commit(db.session(), lambda: ran.append("done"))
    with db.session.begin_nested():
        make_brand("inner")
    db.session.rollback()
    db.session.commit()
    assert ran == []


def test_a_failing_callback_does_not_stop_the_others(any_app, caplog):
    ran = []
    make_brand()
    after_commit(db.session(), lambda: 1 / 0)
    after_commit(db.session(), lambda: ran.append("second"))
    db.session.commit()
    assert ran == ["second"]
    assert "after-commit callback" in caplog.text


def test_work_of_a_savepoint_that_rolls_back_is_dropped(any_app):
    ran = []
    make_brand()
    after_commit(db.session(), lambda: ran.append("outer"))
    savepoint = db.session.begin_nested()
    make_brand("inner")
    after_commit(db.session(), lambda: ran.append("rolled back"))
    savepoint.rollback()
    after_commit(db.session(), lambda: ran.append("after"))
    db.session.commit()
    assert ran == ["outer", "after"]


def test_work_of_a_released_savepoint_runs_after_the_outer_commit(any_app):
    ran = []
    make_brand()
    with db.session.begin_nested():
        make_brand("inner")
        after_commit(db.session(), lambda: ran.append("released"))
    assert ran == []
    db.session.commit()
    assert ran == ["released"]


def test_a_failed_savepoint_drops_only_its_own_work(any_app):
    ran = []
    make_brand("taken")
    after_commit(db.session(), lambda: ran.append("outer"))
    try:
        with db.session.begin_nested():
            after_commit(db.session(), lambda: ran.append("failed"))
            make_brand("taken")  # the slug is unique: the savepoint rolls back
    except IntegrityError:
        pass
    db.session.commit()
    assert ran == ["outer"]


def test_savepoints_two_levels_deep(any_app):
    ran = []
    make_brand()
    with db.session.begin_nested():
        after_commit(db.session(), lambda: ran.append("level 1"))
        with db.session.begin_nested():
            after_commit(db.session(), lambda: ran.append("level 2, released"))
        inner = db.session.begin_nested()
        after_commit(db.session(), lambda: ran.append("level 2, rolled back"))
        inner.rollback()
    dropped = db.session.begin_nested()
    after_commit(db.session(), lambda: ran.append("level 1, rolled back"))
    with db.session.begin_nested():
        after_commit(db.session(), lambda: ran.append("level 2 of a rolled back level 1"))
    dropped.rollback()
    assert ran == []
    db.session.commit()
    assert ran == ["level 1", "level 2, released"]


def test_a_savepoint_s_work_goes_when_the_outer_transaction_rolls_back(any_app):
    ran = []
    make_brand()
    with db.session.begin_nested():
        after_commit(db.session(), lambda: ran.append("released"))
    db.session.rollback()
    db.session.commit()
    assert ran == []


def test_boards_move_only_for_points_a_savepoint_kept(board_app):
    brand = make_brand()
    spring = make_campaign(brand)
    first, second = make_fan(brand), make_fan(brand)
    db.session.commit()
    # A board batch started in a savepoint that rolls back, then points outside it.
    savepoint = db.session.begin_nested()
    record(first, "game_played", campaign=spring)
    savepoint.rollback()
    record(first, "game_played", campaign=spring)
    db.session.commit()
    # Points outside, then a batch grown inside a savepoint that rolls back.
    record(second, "game_played", campaign=spring)
    savepoint = db.session.begin_nested()
    record(second, "game_played", campaign=spring)
    savepoint.rollback()
    with db.session.begin_nested():
        record(second, "photo_created", campaign=spring)
    db.session.commit()

    for board in (boards.all_time(brand), boards.campaign(spring)):
        assert leaderboards.standing(board, first.id).value == 10, board
        assert leaderboards.standing(board, second.id).value == 30, board


def test_a_rebuild_asked_again_after_a_rolled_back_savepoint_is_queued(redis_app):
    brand = make_brand()
    db.session.commit()
    savepoint = db.session.begin_nested()
    healing.rebuild_after_commit(brand.id)
    savepoint.rollback()
    healing.rebuild_after_commit(brand.id)
    db.session.commit()
    assert get_redis().exists(healing.queued_key(brand.id))
