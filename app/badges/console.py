"""The console's badge pages: list, editor with rule builder, back-fill progress, awards, levels."""

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.badges import awarding, editing, forms, levels, rules
from app.badges.backfilling import start_backfill
from app.badges.errors import Invalid
from app.console.access import brand_blueprint, current_brand, current_role, requires
from app.console.paging import contains_pattern, paginate, search_text
from app.console.roles import can
from app.extensions import db
from app.media import UploadRejected
from app.models import Badge, BadgeAward, Campaign, FanProfile, User

bp = brand_blueprint("console_badges", __name__, "/badges")


def _badge(badge_id: int) -> Badge:
    found = db.session.scalar(
        select(Badge).where(Badge.id == badge_id, Badge.brand_id == current_brand().id)
    )
    return found or abort(404)


def _can_edit() -> bool:
    return can(current_role(), "campaigns")


@bp.get("/")
@requires("read")
def index():
    brand = current_brand()
    counts = dict(
        db.session.execute(
            select(BadgeAward.badge_id, func.count())
            .where(BadgeAward.brand_id == brand.id, BadgeAward.revoked_at.is_(None))
            .group_by(BadgeAward.badge_id)
        ).all()
    )
    badges = db.session.scalars(
        select(Badge)
        .where(Badge.brand_id == brand.id)
        .order_by(Badge.deleted_at.is_not(None), Badge.name)
    ).all()
    return render_template(
        "badges/console_list.html",
        badges=badges,
        counts=counts,
        describe=rules.describe,
        can_edit=_can_edit(),
        levels=levels.levels_of(brand.id),
    )


def _editor(badge: Badge | None, form: editing.BadgeForm, status: int = 200, problems=None):
    campaigns = db.session.execute(
        select(Campaign.id, Campaign.title)
        .where(Campaign.brand_id == current_brand().id)
        .order_by(Campaign.title)
    ).all()
    return render_template(
        "badges/console_edit.html",
        badge=badge,
        form=form,
        rows=forms.builder_rows(form.conditions),
        kinds=forms.kind_choices(),
        fields=forms.fields_with_hints(),
        event_types=forms.event_type_choices(),
        campaigns=campaigns,
        problems=problems or {},
    ), status


def _save(badge: Badge | None):
    form, rows = forms.from_request(request.form)
    upload = request.files.get("image")
    image = upload if upload and upload.filename else None
    try:
        saved = editing.save_badge(current_brand(), badge, form, image=image)
    except Invalid as error:
        db.session.rollback()
        return _editor(badge, form, 422, forms.row_problems(error.problems, rows))
    except UploadRejected as error:
        db.session.rollback()
        return _editor(badge, form, 422, {"image": error.message})
    db.session.commit()
    flash(_("Badge “%(name)s” saved.", name=saved.name))
    return redirect(url_for(".index"))


@bp.route("/new", methods=["GET", "POST"])
@requires("campaigns")
def new():
    if request.method == "POST":
        return _save(None)
    return _editor(None, editing.BadgeForm())


@bp.route("/<int:badge_id>", methods=["GET", "POST"])
@requires("campaigns")
def edit(badge_id):
    badge = _badge(badge_id)
    if request.method == "POST":
        return _save(badge)
    return _editor(badge, editing.BadgeForm.from_badge(badge))


@bp.post("/<int:badge_id>/delete")
@requires("campaigns")
def delete(badge_id):
    badge = _badge(badge_id)
    editing.delete_badge(badge)
    db.session.commit()
    flash(
        _(
            "Badge “%(name)s” deleted; the badges fans already have stay verifiable.",
            name=badge.name,
        )
    )
    return redirect(url_for(".index"))


@bp.post("/<int:badge_id>/backfill")
@requires("campaigns")
def backfill(badge_id):
    start_backfill(_badge(badge_id))
    db.session.commit()
    flash(_("Back-fill started."))
    return redirect(url_for(".index"))


@bp.get("/<int:badge_id>/progress")
@requires("read")
def progress(badge_id):
    badge = _badge(badge_id)
    return jsonify(
        state=badge.backfill_state,
        processed=badge.backfill_processed,
        total=badge.backfill_total,
    )


def _awards_page(badge: Badge, status: int = 200, problems=None):
    q = search_text()
    query = (
        select(BadgeAward, User.display_name)
        .join(FanProfile, FanProfile.id == BadgeAward.fan_id)
        .join(User, User.id == FanProfile.user_id)
        .where(BadgeAward.badge_id == badge.id)
        .order_by(BadgeAward.issued_on.desc(), BadgeAward.id.desc())
    )
    if q:
        query = query.where(User.display_name.ilike(contains_pattern(q), escape="\\"))
    return render_template(
        "badges/console_awards.html",
        badge=badge,
        rows=paginate(query),
        q=q,
        can_edit=_can_edit(),
        problems=problems or {},
    ), status


@bp.get("/<int:badge_id>/awards")
@requires("read")
def awards(badge_id):
    return _awards_page(_badge(badge_id))


@bp.post("/<int:badge_id>/awards/<int:award_id>/revoke")
@requires("campaigns")
def revoke(badge_id, award_id):
    badge = _badge(badge_id)
    award = db.session.scalar(
        select(BadgeAward).where(BadgeAward.id == award_id, BadgeAward.badge_id == badge.id)
    ) or abort(404)
    try:
        awarding.revoke(award, request.form.get("reason", ""), user_id=current_user.id)
    except Invalid as error:
        return _awards_page(badge, 422, {f"reason-{award.id}": error.problems["reason"]})
    db.session.commit()
    flash(_("Badge revoked; its assertion now answers that it was revoked."))
    return redirect(url_for(".awards", badge_id=badge.id))


def _levels_page(rows, status: int = 200, problems=None):
    return render_template(
        "badges/console_levels.html",
        rows=list(rows) + [("", "")] * 2,
        can_edit=_can_edit(),
        problems=problems or {},
    ), status


@bp.get("/levels")
@requires("read")
def levels_page():
    return _levels_page(levels.levels_of(current_brand().id))


@bp.post("/levels")
@requires("campaigns")
def levels_save():
    names, points = request.form.getlist("name"), request.form.getlist("min_points")
    try:
        rows = levels.parse_levels(names, points)
    except Invalid as error:
        return _levels_page(zip(names, points, strict=False), 422, error.problems)
    levels.save_levels(current_brand(), rows)
    db.session.commit()
    flash(_("Levels saved."))
    return redirect(url_for(".levels_page"))
