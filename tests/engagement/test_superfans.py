"""The super-fan export: who is in it, in which order, and how the file is written."""

import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.engagement import record, superfan_csv, superfans
from app.engagement.superfan_columns import HEADERS
from app.engagement.superfan_export import NothingToExport, export
from app.extensions import db
from app.models import ExportLog, Suppression, utcnow
from tests.factories import make_brand, make_campaign, make_fan, make_staff


def export_csv(brand, **options) -> list[dict]:
    out = io.BytesIO()
    export(brand, out, actor="test", **options)
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
    assert list(rows[0]) == list(HEADERS)
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
    with pytest.raises(NothingToExport, match="active since"):
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
    export(brand, out, actor="test")
    raw = out.getvalue()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b'"Zo\xc3\xa9 ""Z"" Dupont, Paris"' in raw
    assert raw.count(b"\r\n") == 2 and raw.endswith(b"\r\n")

    out = io.BytesIO()
    export(brand, out, actor="test", excel_bom=True)
    assert out.getvalue().startswith(b"\xef\xbb\xbfrank,")


def test_xlsx_holds_the_same_rows(brand):
    out = io.BytesIO()
    count = export(brand, out, actor="test", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(out.getvalue()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert count == 3
    assert rows[0] == HEADERS
    assert [row[1] for row in rows[1:]] == [r["display_name"] for r in export_csv(brand)]


def test_xlsx_cells_are_text_not_formulas_and_show_no_apostrophe(any_app):
    brand = make_brand()
    make_fan(brand, "=1+1")
    db.session.commit()
    out = io.BytesIO()
    export(brand, out, actor="test", fmt="xlsx")
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet["B2"].value == "=1+1"
    assert sheet["B2"].data_type == "s"
    # The CSV of the same fans keeps the prefix: it has no cell types.
    assert export_csv(brand)[0]["display_name"] == "'=1+1"


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
    with pytest.raises(NothingToExport, match="No fan of Quiet Brand can be exported"):
        export(brand, out, actor="test")
    assert out.getvalue() == b""
    assert db.session.scalars(select(ExportLog)).all() == []


# Cells that csv and PostgreSQL must quote, neutralise or leave alone in the same way.
AWKWARD_NAMES = [
    'Zoé "Z" Dupont, Paris',
    "two\nlines",
    "cr\r\nlf",
    "=1+1",
    "-minus",
    "@at",
    "\ttab",
    "\rcr",
    "",
    '"',
    "trailing,",
    " spaced ",
    "日本語",
    "\\.",
]
# Decayed scores (the divisor is 1 at the brand's epoch), with halves that round either way.
SCORES = [2.675, 0.125, 1.005, 1234567.0, 0.0, 5.0, 0.1 + 0.2, 1e-7, 99.995, 2.5, 1e12 + 0.005]
UTM = [
    (None, None, None),
    ("insta", "", "spring,sale"),
    ("=cmd", None, "x"),
    ("", "", ""),
    ("news", "mail", None),
]


def python_csv(brand, now, *, top=None, since=None, excel_bom=False) -> bytes:
    out = io.BytesIO()
    rows = superfans.superfan_rows(brand, top=top, since=since, now=now)
    superfan_csv.write_csv(rows, out, excel_bom=excel_bom)
    return out.getvalue()


@pytest.fixture
def awkward_brand(pg_app):
    brand = make_brand()
    first = None
    for n, name in enumerate(AWKWARD_NAMES * 2):
        source, medium, campaign = UTM[n % len(UTM)]
        fan = make_fan(
            brand,
            name,
            score_base=SCORES[n % len(SCORES)],
            points=n,
            utm_source=source,
            utm_medium=medium,
            utm_campaign=campaign,
            referred_by_id=first.id if first is not None and n % 7 == 3 else None,
            last_active_at=utcnow() - timedelta(days=n) if n % 3 else None,
        )
        fan.user.display_name = name  # make_fan names a nameless fan; this one stays so
        first = first or fan
    make_fan(brand, "Formula mail", email="=hyperlink@example.com", score_base=3.0)
    db.session.commit()
    return brand


@pytest.mark.parametrize(
    "options",
    [{}, {"top": 5}, {"excel_bom": True}, {"since": utcnow() - timedelta(days=4)}],
)
def test_postgresql_copy_writes_the_python_writer_s_bytes(awkward_brand, options):
    now = awkward_brand.score_epoch
    out = io.BytesIO()
    count = superfan_csv.copy_csv(awkward_brand, out, now=now, **options)
    expected = python_csv(awkward_brand, now, **options)
    assert out.getvalue() == expected
    assert count == len(list(csv.reader(io.StringIO(expected.decode("utf-8-sig"))))) - 1


def test_line_ends_change_only_outside_quotes_wherever_blocks_split(awkward_brand, monkeypatch):
    now = awkward_brand.score_epoch
    expected = python_csv(awkward_brand, now)
    for size in (1, 2, 3, 7, 64):
        monkeypatch.setattr(superfan_csv, "COPY_BLOCK_BYTES", size)
        out = io.BytesIO()
        assert superfan_csv.copy_csv(awkward_brand, out, now=now) == 2 * len(AWKWARD_NAMES) + 1
        assert out.getvalue() == expected
    # COPY hands over whole lines; cut anywhere, the quotes still tell data from line ends.
    copied = b'1,"a\nb",x\n2,"c""\n""d",y\n3,plain,"\r"\n'
    wanted = b'1,"a\nb",x\r\n2,"c""\n""d",y\r\n3,plain,"\r"\r\n'
    for size in range(1, len(copied) + 1):
        ends = superfan_csv.CrLf()
        pieces = [copied[i : i + size] for i in range(0, len(copied), size)]
        assert b"".join(ends(piece) for piece in pieces) == wanted
        assert ends.rows == 3
