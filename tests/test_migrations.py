"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from types import SimpleNamespace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from app.engagement import record
from app.extensions import db
from app.models import Campaign, FanProfile, MediaFile, Membership
from tests.conftest import build_app
from tests.factories import make_brand, make_fan


def test_models_and_migrations_agree(any_app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def schema(database_url: str) -> dict:
    app = build_app(database_url)
    with app.app_context():
        inspector = inspect(db.engine)
        tables = {
            table: sorted(column["name"] for column in inspector.get_columns(table))
            for table in inspector.get_table_names()
        }
        db.engine.dispose()
    return tables


def test_sqlite_and_postgresql_get_the_same_tables_and_columns(sqlite_url, postgres_url):
    assert schema(sqlite_url) == schema(postgres_url)
    assert "engagement_event" in schema(sqlite_url)


@pytest.mark.parametrize(
    "make_bad_row",
    [
        pytest.param(
            lambda b, f: FanProfile(brand_id=b.id, user_id=f.user_id, referral_code="x"),
            id="two-profiles",
        ),
        pytest.param(
            lambda b, f: Membership(brand_id=b.id, user_id=f.user_id, role="boss"),
            id="unknown-role",
        ),
        pytest.param(
            lambda b, f: Campaign(brand_id=b.id, kind="k", slug="s", title="t", status="paused"),
            id="unknown-status",
        ),
        pytest.param(
            lambda b, f: Campaign(brand_id=b.id, kind="k", slug="Caps", title="t"), id="slug-case"
        ),
    ],
)
def test_rules_are_constraints_in_the_database(any_app, make_bad_row):
    brand = make_brand()
    fan = make_fan(brand)
    db.session.commit()
    db.session.add(make_bad_row(brand, fan))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def _media(brand, purpose: str, n: int) -> MediaFile:
    return MediaFile(
        brand_id=brand.id,
        key=f"{n:032d}",
        purpose=purpose,
        content_type="image/png",
        width=1,
        height=1,
        byte_size=1,
        sha256=f"{n:064d}",
        phash=0,
        renditions={},
    )


def _refused(row) -> bool:
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        return True
    finally:
        db.session.rollback()
    return False


def test_0016_leaves_purposes_to_kinds_and_keeps_their_shape_checked_both_ways(any_app):
    brand = make_brand()
    db.session.commit()
    brand_id = brand.id
    # Alembic alters the table: no transaction of the test may hold it meanwhile.
    db.session.remove()
    downgrade(revision="0015")
    # The brand's id only: the Brand model has columns that revision 0015 lacks.
    brand = SimpleNamespace(id=brand_id)
    try:
        assert _refused(_media(brand, "idea_sketch", 1))
        assert not _refused(_media(brand, "brand_logo", 2))
        db.session.remove()
    finally:
        upgrade()
    assert not _refused(_media(brand, "idea_sketch", 3))
    assert _refused(_media(brand, "Idea sketch", 4))


def _row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        return {
            table: connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar()
            for table in tables
            if table != "alembic_version"
        }


def test_migrating_a_sqlite_database_that_holds_data_keeps_every_row(sqlite_url):
    """SQLite rebuilds a table to alter it (copy, DROP, rename); with foreign keys on, the
    DROP would delete every row pointing at the table, cascading through the fans' data."""
    app = build_app(sqlite_url)
    with app.app_context():
        brand = make_brand()
        fan = make_fan(brand)
        db.session.add(Membership(brand_id=brand.id, user_id=fan.user_id, role="analyst"))
        record(fan, "campaign_viewed", key="before-the-migration")
        db.session.commit()
        before = _row_counts()
        assert before["fan_profile"] == 1 and before["engagement_event"] == 1
        db.session.remove()
        # Down past revisions that rebuild "user" and "brand", then up again.
        downgrade(revision="0019")
        upgrade()
        assert _row_counts() == before
        db.engine.dispose()
