"""Brand settings: the main form, the brand-site secret, and the consent text's versions."""

from flask import flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.console.access import brand_blueprint, current_brand, requires
from app.console.services import Invalid
from app.console.services import consent as consent_services
from app.console.services import settings as services
from app.extensions import db
from app.media import UploadRejected

bp = brand_blueprint("console_settings", __name__, "/settings")


def _page(form: services.SettingsForm, status: int = 200, **context):
    context.setdefault("problems", {})
    return render_template(
        "console/settings.html",
        form=form,
        languages=services.LANGUAGES,
        time_zones=services.time_zones(),
        logo_url=services.logo_url(current_brand()),
        **context,
    ), status


@bp.route("/", methods=["GET", "POST"])
@requires("settings")
def index():
    brand = current_brand()
    if request.method == "GET":
        return _page(services.SettingsForm.from_brand(brand))
    form = services.SettingsForm.from_form(request.form)
    try:
        services.update_settings(brand, form)
    except Invalid as error:
        return _page(form, 422, problems=error.problems)
    db.session.commit()
    flash(_("Settings saved."))
    return redirect(url_for(".index"))


@bp.get("/origins")
@requires("settings")
def check_origins():
    """The settings page's live check of the allowed origins as typed: the same rules as saving."""
    origins, problems = services.parse_frame_origins(request.args.get("frame_origins", "")[:20_000])
    return jsonify(origins=origins, problems=problems)


@bp.post("/logo")
@requires("settings")
def logo():
    brand = current_brand()
    try:
        services.replace_logo(brand, request.files.get("logo"))
    except Invalid as error:
        return _page(services.SettingsForm.from_brand(brand), 422, problems=error.problems)
    except UploadRejected as error:
        return _page(services.SettingsForm.from_brand(brand), 422, problems={"logo": error.message})
    db.session.commit()
    flash(_("Logo saved."))
    return redirect(url_for(".index"))


@bp.post("/secret")
@requires("settings")
def secret():
    brand = current_brand()
    if request.form.get("confirm") != "yes":
        return _page(
            services.SettingsForm.from_brand(brand),
            422,
            problems={
                "secret": _("Tick the box to confirm: the current secret will stop working.")
            },
        )
    value = services.regenerate_secret(brand)
    db.session.commit()
    # Shown in this response only, never stored in the session or a flash message.
    response = make_response(render_template("console/secret.html", secret=value))
    response.headers["Cache-Control"] = "no-store"
    return response


def _consent_page(status: int = 200, **context):
    brand = current_brand()
    current = consent_services.current_text(brand)
    context.setdefault("problems", {})
    context.setdefault("body", current.body if current else "")
    context.setdefault("translations", (current.translations or {}) if current else {})
    return render_template(
        "console/consent.html",
        current=current,
        history=consent_services.history(brand),
        default_language=services.LANGUAGES[consent_services.default_language(brand)],
        other_languages=consent_services.other_languages(brand),
        **context,
    ), status


@bp.route("/consent", methods=["GET", "POST"])
@requires("settings")
def consent():
    if request.method == "GET":
        return _consent_page()
    brand = current_brand()
    body = request.form.get("body", "")
    translations = {
        code: request.form.get(f"body_{code}", "")
        for code in consent_services.other_languages(brand)
    }
    try:
        text = consent_services.save_text(brand, body, translations)
    except Invalid as error:
        return _consent_page(422, problems=error.problems, body=body, translations=translations)
    if text is None:
        flash(_("The text is unchanged, so it keeps its version."))
    else:
        db.session.commit()
        flash(
            _(
                "Saved as version %(version)s. Fans who opt in from now on accept this version.",
                version=text.version,
            )
        )
    return redirect(url_for(".consent"))
