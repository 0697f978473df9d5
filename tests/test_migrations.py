"""The Alembic migrations build exactly the schema the models describe, on both databases."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Campaign, FanProfile, Membership
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
