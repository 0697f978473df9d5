"""The demo works on whatever port SUPERFAN_BASE_URL names, not only on 5000."""

import pytest

from app import demo
from app.cli import cli
from app.extensions import db
from app.models import Brand
from tests.conftest import build_app

BASE_URL = "http://127.0.0.1:8123"
HOST_PAGE = "http://localhost:8123"


@pytest.fixture
def app(sqlite_url):
    app = build_app(sqlite_url, BASE_URL=BASE_URL)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_superfan_demo_prints_and_allows_the_host_page_on_the_configured_port(app):
    result = app.test_cli_runner().invoke(cli, ["demo"], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert f"{HOST_PAGE}/demo/host" in result.output
    assert ":5000" not in result.output and ":5001" not in result.output
    brand = db.session.query(Brand).filter_by(slug="demo").one()
    assert brand.frame_origins == [HOST_PAGE]

    # The host page, opened where the command said, embeds the app from the base URL ...
    page = app.test_client().get("/demo/host", base_url=HOST_PAGE).get_data(as_text=True)
    assert f'<script src="{BASE_URL}/static/embed.js" data-brand="demo"' in page
    # ... and the fan page may be framed by it.
    home = app.test_client().get("/e/demo", base_url=BASE_URL)
    assert home.status_code == 200
    assert HOST_PAGE in home.headers["Content-Security-Policy"]


def test_opened_on_the_app_origin_the_page_points_to_the_cross_site_address(app):
    demo.ensure_brand()
    db.session.commit()

    page = app.test_client().get("/demo/host", base_url=BASE_URL).get_data(as_text=True)

    assert f'<a href="{HOST_PAGE}/demo/host">' in page


def test_a_demo_loaded_under_another_port_learns_the_new_one(app):
    demo.ensure_brand()
    db.session.commit()
    app.config["BASE_URL"] = "http://localhost:9000"

    demo.ensure_brand()
    db.session.commit()

    brand = db.session.query(Brand).filter_by(slug="demo").one()
    assert brand.frame_origins == [HOST_PAGE, "http://127.0.0.1:9000"]


@pytest.mark.parametrize(
    ("base_url", "host_page"),
    [
        ("http://127.0.0.1:5000", "http://localhost:5000"),
        ("http://localhost:8080/", "http://127.0.0.1:8080"),
        ("http://[::1]:7000", "http://[::1]:7000"),
        ("https://fans.example.com", "https://fans.example.com"),
    ],
)
def test_the_host_page_is_the_other_loopback_name_on_the_same_port(base_url, host_page):
    assert demo.demo_host_origin(base_url) == host_page
