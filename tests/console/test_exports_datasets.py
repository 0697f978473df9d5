"""Every list exports the same way: the winners from their page, any export's page and file,
its expiry, and the export log naming each list and its campaign."""

import csv
import io
import re

import pytest
from sqlalchemy import delete, func, select

from app.exports import files
from app.extensions import db
from app.models import Campaign, ExportLog, StaffAccess
from app.models.winners import Winner
from contests.sweepstakes import drawing, services
from tests import outbox
from tests.contests.sweepstakes.conftest import live_sweepstakes
from tests.factories import make_brand, make_fan
from tests.games.conftest import Staff, staff_user
from tests.games.quiz import quizzes

CONSOLE = "/console/acme"
WINNERS = f"{CONSOLE}/winners/"


@pytest.fixture
def brand(app):
    brand = make_brand("acme", name="Acme Coffee", timezone="Europe/Brussels")
    db.session.commit()
    return brand


@pytest.fixture
def staff(app, brand):
    def make(role: str = "owner") -> Staff:
        user = staff_user(brand, role)
        db.session.commit()
        app.test_client_class = Staff
        browser = app.test_client()
        browser.login(user.email)
        return browser

    return make


@pytest.fixture
def drawn(brand, clock):
    """A closed sweepstakes, drawn: two winners; the first gave a postal address."""
    campaign = live_sweepstakes(brand, clock.now())
    for _ in range(6):
        services.enter(
            campaign,
            make_fan(brand),
            date_of_birth="1990-01-01",
            country="FR",
            agreed=True,
            now=clock.now(),
        )
    db.session.commit()
    clock.advance(days=8)
    drawing.make_draw(campaign, now=clock.now())
    db.session.commit()
    return campaign


def claimed(staff) -> list[Winner]:
    staff.get(WINNERS)  # the page keeps a fulfilment record per announced winner
    winners = db.session.scalars(select(Winner).order_by(Winner.id)).all()
    first = winners[0]
    first.contact = {"name": "Zoé Martin", "address": "3 rue des Lilas", "city": "Paris"}
    first.status = "claimed"
    db.session.commit()
    return winners


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def only_export() -> ExportLog:
    db.session.expire_all()
    return db.session.scalars(select(ExportLog)).one()


def test_the_winners_export_is_a_job_with_their_fulfilment_and_contact(app, drawn, staff):
    app.config["EXPORT_DIRECT_ROWS"] = 0
    owner = staff("owner")
    first, second = claimed(owner)
    page = owner.get(f"{WINNERS}?campaign={drawn.id}").get_data(as_text=True)
    assert f'action="{CONSOLE}/export/new/winners"' in page
    response = owner.submit(f"{CONSOLE}/export/new/winners", {"campaign": drawn.id}, page=WINNERS)
    assert response.status_code == 303
    export = only_export()
    assert (export.dataset, export.campaign_id, export.state) == ("winners", drawn.id, "ready")
    assert export.row_count == 2 and export.filters["contact"] is True

    download = owner.get(f"{CONSOLE}/export/{export.id}/file")
    assert "winners-win-" in download.headers["Content-Disposition"]
    rows = rows_of(download.get_data())
    assert rows[0][:4] == ["Campaign", "Public code", "Prize", "Status"]
    assert [row[1] for row in rows[1:]] == [first.public_code, second.public_code]
    assert rows[1][3] == "claimed" and "3 rue des Lilas" in rows[1]
    viewed = select(func.count()).where(
        StaffAccess.what == "contact", StaffAccess.fan_id == first.fan_id
    )
    assert db.session.scalar(viewed) >= 1

    subjects = [m["Subject"] for m in outbox.messages(app, to="owner@acme.example")]
    assert "Your export of the winners of Win a coffee machine is ready" in subjects

    # Contact details go only to members who may see them, even through the export log.
    analyst = staff("analyst")
    assert analyst.get(f"{CONSOLE}/export/{export.id}/file").status_code == 403
    page = analyst.get(f"{CONSOLE}/export/{export.id}").get_data(as_text=True)
    assert "which your role does not show" in page and "Download the file" not in page


def test_an_analysts_winners_download_has_no_contact_details(drawn, staff):
    owner = staff("owner")
    first, _second = claimed(owner)
    analyst = staff("analyst")
    response = analyst.submit(f"{CONSOLE}/export/new/winners", {"campaign": ""}, page=WINNERS)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert first.public_code in text and "Lilas" not in text
    assert only_export().filters == {"contact": False}


def test_the_download_link_stops_working_after_expiry(app, brand, staff, clock):
    app.config["EXPORT_DIRECT_ROWS"] = 0
    campaign = quizzes.poll(brand, now=clock.now())
    owner = staff("owner")
    page = f"{CONSOLE}/quizzes/{campaign.id}/results"
    owner.submit(f"{CONSOLE}/export/new/results", {"campaign": campaign.id}, page=page)
    export = only_export()
    assert export.state == "ready"
    assert owner.get(f"{CONSOLE}/export/{export.id}/file").status_code == 200

    clock.advance(hours=files.KEEP_HOURS, seconds=1)
    gone = owner.get(f"{CONSOLE}/export/{export.id}/file")
    assert gone.status_code == 410
    assert "This download has expired" in gone.get_data(as_text=True)
    page = owner.get(f"{CONSOLE}/export/{export.id}").get_data(as_text=True)
    assert "Download the file" not in page
    assert f'action="{CONSOLE}/export/new/results"' in page  # export again, same list


def test_the_export_log_names_each_list_and_its_campaign(app, brand, staff, clock, drawn):
    quiz = quizzes.trivia(brand, slug="space-quiz", now=clock.now())
    owner = staff("owner")
    results = f"{CONSOLE}/quizzes/{quiz.id}/results"
    owner.submit(f"{CONSOLE}/export/new/answers", {"campaign": quiz.id}, page=results)
    owner.submit(f"{CONSOLE}/export/new/winners", {"campaign": ""}, page=WINNERS)
    owner.submit(f"{CONSOLE}/export/new/winners", {"campaign": drawn.id}, page=WINNERS)
    db.session.add(ExportLog(brand_id=brand.id, actor="old@acme.test", format="csv", row_count=4))
    db.session.commit()

    log = owner.get(f"{CONSOLE}/export/").get_data(as_text=True)
    cells = [" ".join(cell.split()) for cell in _list_cells(log)]
    assert sorted(cells) == sorted(
        [
            "Answers · Space-Quiz",
            "Winners",
            "Winners · Win a coffee machine",
            # Rows made before datasets existed read as super-fan exports.
            "Super fans",
        ]
    )


def _list_cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell)
        for cell in re.findall(r'<td class="export-wrap" data-dataset="\w+">(.*?)</td>', html, re.S)
    ]


def test_the_log_keeps_the_campaign_title_once_the_campaign_is_deleted(brand, staff, clock):
    quiz = quizzes.poll(brand, slug="old-poll", now=clock.now())
    owner = staff("owner")
    results = f"{CONSOLE}/quizzes/{quiz.id}/results"
    owner.submit(f"{CONSOLE}/export/new/results", {"campaign": quiz.id}, page=results)
    db.session.execute(delete(Campaign).where(Campaign.id == quiz.id))
    db.session.commit()
    export = only_export()
    assert export.campaign_id is None
    log = owner.get(f"{CONSOLE}/export/").get_data(as_text=True)
    assert [" ".join(cell.split()) for cell in _list_cells(log)] == ["Results · Old-Poll"]
    page = owner.get(f"{CONSOLE}/export/{export.id}").get_data(as_text=True)
    assert "Old-Poll" in page and "/export/new/" not in page
