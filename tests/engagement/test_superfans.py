"""The super-fan export: who is in it, in which order, and how the file is written."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.engagement import record, superfans
from app.extensions import db
from app.models import ExportLog, Suppression, utcnow
from tests.factories import make_brand, make_campaign, make_fan, make_staff


def export_csv(brand, **options) -> list[dict]:
    out = io.BytesIO()
    superfans.export(brand, out, actor="test", **options)
    return list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))


@pytest.fixture
def brand(any_app):
    brand = make_brand()
    campaign = make_campaign(brand)
    top = make_fan(brand, "Top Fan", utm_source="instagram", utm_medium="social")
    middle = make_fan(brand, "Middle Fan")
    low = make_fan(brand, "Low Fan", referred_by_id=top.id)
    for _ in range(3):
        record(top, "photo_created", campaign=campaign)
    record(middle, "photo_created")
    record(middle, "like_received")
    record(low, "game_played", campaign=campaign)
    db.session.commit()
    return brand


def test_columns_order_and_values(brand):
    rows = export_csv(brand)
    assert list(rows[0]) == list(superfans.COLUMNS)
    assert [(r["rank"], r["display_name"]) for r in rows] == [
        ("1", "Top Fan"),
        ("2", "Middle Fan"),
        ("3", "Low Fan"),
    ]
    top = rows[0]
    assert (top["points"], top["creation"], top["participation"], top["badges"]) == (
        "60",
        "60",
        "0",
        "0",
    )
    assert top["campaigns_played"] == "1"
    assert top["join_source"] == "utm:instagram/social"
    assert rows[2]["join_source"] == "referral"
    assert rows[1]["influence"] == "4"
    assert 59 < float(top["engagement_score"]) <= 60
    assert top["consent_date"] and top["last_active"]


def test_only_consenting_fans_minus_suppressed_staff_and_flagged(any_app):
    brand = make_brand()
    kept = make_fan(brand, "Kept")
    make_fan(brand, "No consent", consent=False)
    make_fan(brand, "Flagged", fraud_flagged=True)
    make_fan(brand, "Guest", email=None)
    suppressed = make_fan(brand, "Suppressed", email="gone@example.com")
    staff_user = make_staff(brand)
    make_fan(brand, "Staff playing", email=None).user = staff_user
    db.session.add(Suppression(brand_id=brand.id, email="gone@example.com"))
    for fan in (kept, suppressed):
        record(fan, "game_played")
    db.session.commit()
    assert [r["display_name"] for r in export_csv(brand)] == ["Kept"]


def test_another_brands_fans_never_appear(any_app):
    acme, other = make_brand("acme"), make_brand("other")
    make_fan(acme, "Acme fan")
    make_fan(other, "Other fan")
    db.session.commit()
    assert [r["display_name"] for r in export_csv(acme)] == ["Acme fan"]


def test_top_and_since_filters(brand):
    assert [r["display_name"] for r in export_csv(brand, top=2)] == ["Top Fan", "Middle Fan"]
    assert export_csv(brand, since=utcnow() - timedelta(hours=1))
    with pytest.raises(superfans.NothingToExport, match="active since"):
        export_csv(brand, since=utcnow() + timedelta(days=1))


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_cells_are_neutralised(any_app, trigger):
    brand = make_brand()
    make_fan(brand, f'{trigger}HYPERLINK("http://evil.example","x")')
    db.session.commit()
    assert export_csv(brand)[0]["display_name"].startswith("'" + trigger)


def test_csv_is_rfc4180_utf8_and_excel_gets_a_bom(any_app):
    brand = make_brand()
    make_fan(brand, 'Zoé "Z" Dupont, Paris')
    db.session.commit()
    out = io.BytesIO()
    superfans.export(brand, out, actor="test")
    raw = out.getvalue()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b'"Zo\xc3\xa9 ""Z"" Dupont, Paris"' in raw
    assert raw.count(b"\r\n") == 2 and raw.endswith(b"\r\n")

    out = io.BytesIO()
    superfans.export(brand, out, actor="test", excel_bom=True)
    assert out.getvalue().startswith(b"\xef\xbb\xbfrank,")


def test_xlsx_holds_the_same_rows(brand):
    out = io.BytesIO()
    count = superfans.export(brand, out, actor="test", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(out.getvalue()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert count == 3
    assert rows[0] == superfans.COLUMNS
    assert [row[1] for row in rows[1:]] == [r["display_name"] for r in export_csv(brand)]


def test_xlsx_cells_are_text_not_formulas(any_app):
    brand = make_brand()
    make_fan(brand, "=1+1")
    db.session.commit()
    out = io.BytesIO()
    superfans.export(brand, out, actor="test", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["B2"].value == "'=1+1"
    assert sheet["B2"].data_type == "s"


def test_each_export_is_logged(brand):
    export_csv(brand, top=2)
    db.session.commit()
    log = db.session.scalars(select(ExportLog)).one()
    assert (log.actor, log.format, log.row_count, log.filters["top"]) == ("test", "csv", 2, 2)


def test_nobody_to_export_is_a_clear_error_and_nothing_is_logged(any_app):
    brand = make_brand(name="Quiet Brand")
    make_fan(brand, consent=False)
    db.session.commit()
    out = io.BytesIO()
    with pytest.raises(superfans.NothingToExport, match="No fan of Quiet Brand can be exported"):
        superfans.export(brand, out, actor="test")
    assert out.getvalue() == b""
    assert db.session.scalars(select(ExportLog)).all() == []
