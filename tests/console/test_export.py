"""Super-fan export from the console: the download, its filters, its log, and when it is empty."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ExportLog, utcnow
from tests.console.conftest import add_member, make_user
from tests.factories import make_brand, make_fan


def add_fans(brand):
    now = utcnow()
    make_fan(brand, "Top Fan", score_base=50.0, points=50, last_active_at=now)
    make_fan(
        brand, "Second Fan", score_base=20.0, points=20, last_active_at=now - timedelta(days=40)
    )
    make_fan(brand, "No Consent", consent=False, score_base=90.0)
    make_fan(brand, "=HYPERLINK()", score_base=5.0, last_active_at=now)
    make_fan(make_brand("other"), "Other Brand Fan", score_base=99.0)
    db.session.commit()


def test_a_csv_download_lists_consenting_fans_best_first_and_is_logged(client, brand):
    add_fans(brand)
    client.login("boss@acme.test")
    response = client.submit("/console/acme/export/", {"format": "csv"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "superfans-acme-" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["rank", "display_name", "email"]
    assert [row[1] for row in rows[1:]] == ["Top Fan", "Second Fan", "'=HYPERLINK()"]

    log = db.session.scalars(select(ExportLog)).all()
    assert [(entry.actor, entry.row_count, entry.format) for entry in log] == [
        ("boss@acme.test", 3, "csv")
    ]
    page = client.get("/console/acme/export/").get_data(as_text=True)
    assert "boss@acme.test" in page
    assert '<td class="num">3</td>' in page


def test_top_since_and_the_excel_bom_are_applied(client, brand):
    add_fans(brand)
    client.login("boss@acme.test")
    since = (utcnow() - timedelta(days=7)).date().isoformat()
    response = client.submit(
        "/console/acme/export/",
        {"format": "csv", "top": "1", "since": since, "excel_bom": "on"},
    )
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Top Fan"]
    entry = db.session.scalar(select(ExportLog))
    assert entry.filters["top"] == 1
    assert entry.filters["excel_bom"] is True
    assert entry.filters["since"].startswith(since)
    assert "Excel BOM" in client.get("/console/acme/export/").get_data(as_text=True)


def test_an_xlsx_download_opens_in_a_spreadsheet(client, brand):
    add_fans(brand)
    client.login("boss@acme.test")
    response = client.submit("/console/acme/export/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["Content-Disposition"].endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Top Fan",
        "Second Fan",
        "=HYPERLINK()",
    ]
    assert sheet["B4"].data_type == "s"


def test_nobody_to_export_shows_the_reason_and_logs_nothing(client, brand):
    make_fan(brand, "Shy", consent=False)
    db.session.commit()
    client.login("boss@acme.test")
    response = client.submit("/console/acme/export/", {"format": "csv"})
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert "No fan of Acme can be exported" in response.get_data(as_text=True)
    assert db.session.scalar(select(ExportLog)) is None


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"format": "csv", "top": "0"}, "whole number from 1"),
        ({"format": "csv", "top": "ten"}, "whole number from 1"),
        ({"format": "csv", "since": "31/12/2026"}, "YYYY-MM-DD"),
        ({"format": "pdf"}, "Choose csv or xlsx"),
    ],
)
def test_bad_filters_are_named(client, brand, form, message):
    client.login("boss@acme.test")
    response = client.submit("/console/acme/export/", form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"), [("manager", 200), ("analyst", 200), ("moderator", 403)]
)
def test_owners_managers_and_analysts_export_moderators_do_not(client, brand, role, status):
    add_fans(brand)
    add_member(brand, make_user(f"{role}@acme.test"), role)
    client.login(f"{role}@acme.test")
    assert client.get("/console/acme/export/").status_code == status
    assert client.submit("/console/acme/export/", {"format": "csv"}).status_code == status


def test_export_downloads_on_postgresql(pg_app, pg_client):
    brand = make_brand("acme", name="Acme")
    make_user("boss@acme.test", brand=brand)
    add_fans(brand)
    pg_client.login("boss@acme.test")
    response = pg_client.submit("/console/acme/export/", {"format": "csv"})
    assert response.status_code == 200
    assert "Top Fan" in response.get_data(as_text=True)
    assert db.session.scalar(select(ExportLog.row_count)) == 3
