"""Work deferred to after commit runs once, after the real commit, and never after a rollback."""

from app.aftercommit import after_commit
from app.extensions import db
from tests.factories import make_brand


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
