"""Super-fan export: the filters, a download at once or a job to follow, and the export log."""

from flask import jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_login import current_user

from app import clock
from app.console.access import brand_blueprint, current_brand, requires
from app.console.services import Invalid
from app.console.services import exports as services
from app.extensions import db

bp = brand_blueprint("console_exports", __name__, "/export")


def _page(status: int = 200, **context):
    context.setdefault("problems", {})
    context.setdefault("form", {"format": "csv"})
    return render_template(
        "console/export.html", log=services.export_log(current_brand()), **context
    ), status


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
    response = send_file(out, mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:export_id>")
@requires("export")
def show(export_id: int):
    export = services.find_export(current_brand(), export_id)
    now = clock.now()
    return render_template(
        "console/export_job.html",
        export=export,
        downloadable=services.is_downloadable(export, now),
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
    export = services.find_export(current_brand(), export_id)
    if not services.is_downloadable(export, clock.now()):
        status = 410 if export.state in ("ready", "expired") else 409
        return render_template("console/export_gone.html", export=export), status
    response = send_file(
        services.file_of(export),
        mimetype=services.MIMETYPES[export.format],
        as_attachment=True,
        download_name=export.download_name,
    )
    response.headers["Cache-Control"] = "no-store"
    return response
