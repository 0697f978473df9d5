"""The Fans pages: the searchable list, one fan's page, their exported row, the access log."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.console.access import brand_blueprint, current_brand, current_role, requires
from app.console.paging import requested_page
from app.console.services import access_log, fans, fans_profile
from app.extensions import db

bp = brand_blueprint("console_fans", __name__, "/fans")


def _sees_emails() -> bool:
    return access_log.sees_emails(current_user.user, current_brand(), current_role())


@bp.get("/")
@requires("read")
def index():
    brand = current_brand()
    wanted = fans.read_query(request.args)
    found = fans.search(brand, wanted, emails=_sees_emails())
    status = 400 if wanted.problems else 200
    return render_template(
        "console/fans.html",
        wanted=wanted,
        found=found,
        campaigns=fans.campaign_choices(brand),
        sources=fans.source_choices(brand),
        page_sizes=[(size, size) for size in fans.PAGE_SIZES],
        emails=_sees_emails(),
    ), status


def _fan_or_404(fan_id: int):
    return fans_profile.brand_fan(current_brand(), fan_id) or abort(404)


@bp.get("/<int:fan_id>")
@requires("read")
def fan(fan_id):
    brand = current_brand()
    profile = _fan_or_404(fan_id)
    emails = _sees_emails()
    now = clock.now()
    played = fans_profile.campaigns_played(profile)
    events = fans_profile.timeline(profile, requested_page())
    access_log.log_personal_view(
        current_user.user, brand, profile, "email" if emails else "profile"
    )
    owner = current_role() == "owner"
    page_html = render_template(
        "console/fans_fan.html",
        fan=profile,
        user=profile.user,
        emails=emails,
        score=fans_profile.score_now(profile, brand, now),
        why=fans_profile.why(profile, brand, now),
        axes=fans_profile.axes(profile),
        level=fans_profile.level(profile),
        badges=fans_profile.badges(profile),
        identities=fans_profile.identities(profile),
        consents=fans_profile.consent_history(profile),
        played=played,
        ranks=fans_profile.ranks(profile, brand, played, now),
        fraud=fans_profile.fraud(profile),
        activity=fans_profile.kind_activity(profile),
        events=events,
        accesses=access_log.accesses(brand, fan_id=profile.id, number=1) if owner else None,
        access_words=access_log.access_words(),
    )
    db.session.commit()
    return page_html


@bp.get("/<int:fan_id>/row.csv")
@requires("read")
def row(fan_id):
    brand = current_brand()
    profile = _fan_or_404(fan_id)
    data = fans_profile.row_csv(profile, brand, with_email=_sees_emails())
    access_log.log_personal_view(current_user.user, brand, profile, "export")
    db.session.commit()
    return Response(
        data,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{brand.slug}-fan-{profile.id}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/access-log")
@requires("members")
def access():
    brand = current_brand()
    return render_template(
        "console/fans_access.html",
        log=access_log.accesses(brand, number=requested_page()),
        access_words=access_log.access_words(),
        analysts=access_log.analysts(brand),
    )


@bp.post("/access-log/emails")
@requires("members")
def email_grants():
    brand = current_brand()
    allowed = {int(v) for v in request.form.getlist("allowed") if v.isdigit()}
    for analyst, _was in access_log.analysts(brand):
        access_log.set_email_grant(brand, analyst.id, analyst.id in allowed, current_user.user)
    db.session.commit()
    flash(_("Saved: who may see fans' emails."))
    return redirect(url_for(".access"))
