"""Long super-fan exports run as jobs: progress while rows are written, an email, expiry."""

import csv
import io
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import job_sweep
from app.engagement import superfan_csv
from app.exports import files
from app.exports import superfans as superfan_job
from app.exports.progress import ProgressWriter
from app.extensions import db
from app.models import ExportLog, utcnow
from tests import outbox
from tests.conftest import run_worker
from tests.console.conftest import add_member, make_client, make_user
from tests.factories import make_brand, make_fan

FANS = ["Top Fan", "Second Fan", "Third Fan", "Fourth Fan", "Fifth Fan", "Sixth Fan"]


def add_brand_and_fans(count: int = 3):
    brand = make_brand("acme", name="Acme")
    make_user("boss@acme.test", brand=brand)
    now = utcnow()
    for n, name in enumerate(FANS[:count]):
        make_fan(brand, name, score_base=100.0 - n, points=100 - n, last_active_at=now)
    make_fan(brand, "No Consent", consent=False, score_base=500.0)
    db.session.commit()
    return brand


def export_row() -> ExportLog:
    db.session.expire_all()
    return db.session.scalars(select(ExportLog)).one()


def names_in(data: bytes) -> list[str]:
    return [row[1] for row in list(csv.reader(io.StringIO(data.decode())))[1:]]


def test_a_long_export_runs_inline_without_redis_and_emails_its_link(app, client):
    app.config["EXPORT_DIRECT_ROWS"] = 2
    add_brand_and_fans(3)
    client.login("boss@acme.test")
    response = client.submit("/console/acme/export/", {"format": "csv"})
    assert response.status_code == 303
    export = export_row()
    assert response.headers["Location"].endswith(f"/console/acme/export/{export.id}")
    assert (export.state, export.row_count, export.rows_expected) == ("ready", 3, 3)

    page = client.get(f"/console/acme/export/{export.id}").get_data(as_text=True)
    assert "Ready" in page and "3 rows" in page and "Download the file" in page
    download = client.get(f"/console/acme/export/{export.id}/file")
    assert download.status_code == 200
    assert "superfans-acme-" in download.headers["Content-Disposition"]
    assert names_in(download.get_data()) == ["Top Fan", "Second Fan", "Third Fan"]

    [message] = outbox.messages(app, to="boss@acme.test")
    assert message["Subject"] == "Your super-fan export of Acme is ready"
    body = outbox.body_of(message)
    assert "Your export holds 3 fans (CSV)." in body
    assert f"http://127.0.0.1:5000/console/acme/export/{export.id}" in body

    log = client.get("/console/acme/export/").get_data(as_text=True)
    assert f'href="/console/acme/export/{export.id}"' in log


def test_a_small_export_still_downloads_at_once(app, client):
    add_brand_and_fans(3)
    client.login("boss@acme.test")
    response = client.submit("/console/acme/export/", {"format": "csv"})
    assert response.status_code == 200
    assert names_in(response.get_data()) == ["Top Fan", "Second Fan", "Third Fan"]
    assert export_row().state == "sent"
    assert "Downloaded at once" in client.get("/console/acme/export/").get_data(as_text=True)


def test_the_link_expires_and_the_sweep_deletes_the_file(app, client, clock):
    app.config["EXPORT_DIRECT_ROWS"] = 0
    add_brand_and_fans(2)
    client.login("boss@acme.test")
    client.submit("/console/acme/export/", {"format": "xlsx"})
    export = export_row()
    path = files.path_of(export.file_path)
    assert path.is_file()
    assert client.get(f"/console/acme/export/{export.id}/file").status_code == 200

    clock.advance(hours=files.KEEP_HOURS, seconds=1)
    expired = client.get(f"/console/acme/export/{export.id}/file")
    assert expired.status_code == 410
    assert "This download has expired" in expired.get_data(as_text=True)

    assert job_sweep.sweep()["exports"] == 1
    assert not path.exists()
    assert export_row().state == "expired"
    page = client.get(f"/console/acme/export/{export.id}").get_data(as_text=True)
    assert "This export has expired" in page and "Download the file" not in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_progress_is_visible_while_the_job_writes_rows(pg_app, pg_client, monkeypatch, fmt):
    """The job stops after its first report; the page's JSON shows it; then it finishes."""
    brand = add_brand_and_fans(6)
    export = ExportLog(
        brand_id=brand.id,
        actor="boss@acme.test",
        format=fmt,
        filters={"top": None, "since": None, "excel_bom": False},
        row_count=0,
        rows_expected=6,
        state="queued",
    )
    db.session.add(export)
    db.session.commit()
    # COPY hands over one row per block, the Python writers report each row: a count every 2.
    monkeypatch.setattr(superfan_csv, "COPY_BLOCK_BYTES", 1)
    pg_app.config["EXPORT_PROGRESS_ROWS"] = 2
    reported, resume = threading.Event(), threading.Event()
    write = ProgressWriter.write

    def write_then_wait(self, **values):
        write(self, **values)
        if values.get("row_count") and not reported.is_set():
            reported.set()
            resume.wait(30)

    monkeypatch.setattr(ProgressWriter, "write", write_then_wait)

    def job():
        with pg_app.app_context():
            superfan_job.run(export.id, "en", "http://console.test/export")
            db.session.commit()

    worker = threading.Thread(target=job)
    worker.start()
    try:
        assert reported.wait(30)
        pg_client.login("boss@acme.test")
        during = pg_client.get(f"/console/acme/export/{export.id}/progress").get_json()
        assert during == {
            "state": "running",
            "rows": 2,
            "expected": 6,
            "text": "2 of 6 rows written",
            "finished": False,
        }
        page = pg_client.get(f"/console/acme/export/{export.id}").get_data(as_text=True)
        assert 'max="6" value="2"' in page and "2 of 6 rows written" in page
    finally:
        resume.set()
        worker.join(30)
    after = pg_client.get(f"/console/acme/export/{export.id}/progress").get_json()
    assert (after["state"], after["rows"], after["finished"]) == ("ready", 6, True)


def test_a_real_worker_on_redis_runs_the_export(redis_app):
    redis_app.config["EXPORT_DIRECT_ROWS"] = 1
    add_brand_and_fans(3)
    client = make_client(redis_app)
    client.login("boss@acme.test")
    response = client.submit("/console/acme/export/", {"format": "csv"})
    assert response.status_code == 303
    export = export_row()
    waiting = client.get(f"/console/acme/export/{export.id}/progress").get_json()
    assert (waiting["state"], waiting["finished"]) == ("queued", False)
    assert "Waiting for a worker" in client.get(f"/console/acme/export/{export.id}").get_data(
        as_text=True
    )

    result = run_worker(
        redis_app.config["SQLALCHEMY_DATABASE_URI"],
        redis_app.config["REDIS_URL"],
        redis_app.instance_path,
    )
    assert result.returncode == 0, result.stderr
    done = client.get(f"/console/acme/export/{export.id}/progress").get_json()
    assert (done["state"], done["rows"], done["text"]) == ("ready", 3, "3 rows")
    download = client.get(f"/console/acme/export/{export.id}/file")
    assert names_in(download.get_data()) == ["Top Fan", "Second Fan", "Third Fan"]
    assert any(
        f"/console/acme/export/{export.id}" in outbox.body_of(message)
        for message in outbox.messages(redis_app, to="boss@acme.test")
    )


def test_the_export_log_is_paginated(app, client):
    brand = add_brand_and_fans(1)
    for n in range(55):
        db.session.add(
            ExportLog(
                brand_id=brand.id,
                actor=f"staff{n:02d}@acme.test",
                format="csv",
                row_count=n,
                created_at=utcnow() - timedelta(minutes=n),
            )
        )
    db.session.commit()
    client.login("boss@acme.test")
    first = client.get("/console/acme/export/").get_data(as_text=True)
    assert "staff00@acme.test" in first and "staff49@acme.test" in first
    assert "staff50@acme.test" not in first
    assert "1\u201350 of 55" in first
    second = client.get("/console/acme/export/?page=2").get_data(as_text=True)
    assert "staff54@acme.test" in second and "staff00@acme.test" not in second
    beyond = client.get("/console/acme/export/?page=999").get_data(as_text=True)
    assert "51\u201355 of 55" in beyond


def test_exports_of_another_brand_and_roles_are_refused(app, client):
    brand = add_brand_and_fans(1)
    other = make_brand("other", name="Other")
    theirs = ExportLog(brand_id=other.id, actor="x@other.test", format="csv", row_count=1)
    ours = ExportLog(brand_id=brand.id, actor="boss@acme.test", format="csv", row_count=1)
    db.session.add_all([theirs, ours])
    add_member(brand, make_user("mod@acme.test"), "moderator")
    db.session.commit()
    client.login("boss@acme.test")
    for suffix in ("", "/progress", "/file"):
        assert client.get(f"/console/acme/export/{theirs.id}{suffix}").status_code == 404
    assert client.get(f"/console/acme/export/{ours.id}/file").status_code == 409
    moderator = make_client(app)
    moderator.login("mod@acme.test")
    for suffix in ("", "/progress", "/file"):
        assert moderator.get(f"/console/acme/export/{ours.id}{suffix}").status_code == 403
