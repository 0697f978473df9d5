"""Super-fan export: the filters, the download, and who exported what."""

from flask import render_template, request, send_file
from flask_login import current_user

from app.console.access import brand_blueprint, current_brand, requires
from app.console.services import Invalid
from app.console.services import exports as services
from app.engagement.superfan_export import NothingToExport
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
    try:
        wanted = services.parse_request(request.form)
        out, filename, mimetype = services.write_export(current_brand(), current_user.user, wanted)
    except Invalid as error:
        return _page(422, problems=error.problems, form=request.form)
    except NothingToExport as error:
        return _page(422, nothing=str(error), form=request.form)
    # The log row is committed before the first byte leaves: an export is never unrecorded.
    db.session.commit()
    response = send_file(out, mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "no-store"
    return response
