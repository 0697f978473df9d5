"""Exports: the super-fan filters, any list from its page (a download at once or a job to
follow), each export's page and file, and the export log."""

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_login import current_user

from app import clock
from app.console.access import brand_blueprint, current_brand, current_role, requires
from app.console.services import Invalid
from app.console.services import export_datasets as datasets
from app.console.services import exports as services
from app.exports.datasets import NothingToExport
from app.extensions import db

bp = brand_blueprint("console_exports", __name__, "/export")


def _page(status: int = 200, **context):
    context.setdefault("problems", {})
    context.setdefault("form", {"format": "csv"})
    brand = current_brand()
    return render_template(
        "console/export.html",
        log=services.export_log(brand),
        about=lambda export: datasets.about(export, brand),
        **context,
    ), status


def _send(out, filename: str, mimetype: str):
    response = send_file(out, mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@requires("export")
def index():
    return _page()


@bp.post("/")
@requires("export")
def download():
    brand = current_brand()
    try:
        wanted = services.parse_request(request.form)
    except Invalid as error:
        return _page(422, problems=error.problems, form=request.form)
    rows = services.rows_expected(brand, wanted)
    if not rows:
        return _page(422, nothing=services.nothing_message(brand, wanted), form=request.form)
    if not services.runs_at_once(rows):
        export = services.queue_export(
            brand, current_user.user, wanted, rows, str(get_locale() or "en")
        )
        db.session.commit()
        return redirect(url_for(".show", export_id=export.id), 303)
    out, filename, mimetype = services.write_export(brand, current_user.user, wanted)
    # The log row is committed before the first byte leaves: an export is never unrecorded.
    db.session.commit()
    return _send(out, filename, mimetype)


@bp.post("/new/<key>")
@requires("export")
def start(key: str):
    """Export a list from its page (the winners, a quiz's answers or results): a small one
    downloads at once, a long one becomes a job whose page this lands on."""
    brand, user = current_brand(), current_user.user
    campaign = datasets.campaign_of(brand, request.form.get("campaign"))
    dataset = datasets.dataset_of(key, campaign)
    scope = datasets.scope_for(brand, campaign, dataset, user, current_role())
    rows = dataset.count(scope)
    if not services.runs_at_once(rows):
        export = services.queue(scope, dataset, user, rows, str(get_locale() or "en"))
        db.session.commit()
        return redirect(url_for(".show", export_id=export.id), 303)
    try:
        out, filename, mimetype = services.write_now(scope, dataset, user)
    except NothingToExport as nothing:
        db.session.rollback()
        flash(str(nothing.message), "error")
        return redirect(url_for(".index"), 303)
    datasets.log_personal_views(scope, dataset, user)
    # The log rows are committed before the first byte leaves.
    db.session.commit()
    return _send(out, filename, mimetype)


@bp.get("/<int:export_id>")
@requires("export")
def show(export_id: int):
    brand = current_brand()
    export = services.find_export(brand, export_id)
    now = clock.now()
    return render_template(
        "console/export_job.html",
        export=export,
        about=datasets.about(export, brand),
        downloadable=services.is_downloadable(export, now),
        may_download=datasets.may_download(export, current_user.user, brand, current_role()),
        progress=services.progress(export),
        now=now,
    )


@bp.get("/<int:export_id>/progress")
@requires("export")
def progress(export_id: int):
    response = jsonify(services.progress(services.find_export(current_brand(), export_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:export_id>/file")
@requires("export")
def file(export_id: int):
    brand, user = current_brand(), current_user.user
    export = services.find_export(brand, export_id)
    if not datasets.may_download(export, user, brand, current_role()):
        abort(403)
    if not services.is_downloadable(export, clock.now()):
        status = 410 if export.state in ("ready", "expired") else 409
        return render_template("console/export_gone.html", export=export), status
    scope, dataset = datasets.scope_and_dataset(export)
    if dataset is not None:
        datasets.log_personal_views(scope, dataset, user)
        db.session.commit()
    return _send(services.file_of(export), export.download_name, services.MIMETYPES[export.format])
