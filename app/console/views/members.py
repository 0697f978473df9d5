"""The brand's team: members and roles, invitations. Owners only."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.console.access import brand_blueprint, current_brand, requires
from app.console.paging import paginate, search_text
from app.console.roles import ROLE_LABELS, role_options
from app.console.services import Invalid
from app.console.services import members as services
from app.extensions import db
from app.identity.staff import external_url
from app.mail import send_email
from app.models import ROLES

bp = brand_blueprint("console_members", __name__, "/members")


def _page(status: int = 200, **context):
    brand = current_brand()
    context.setdefault("problems", {})
    context.setdefault("form", {})
    return render_template(
        "console/members.html",
        members=paginate(services.members_query(brand, search_text())),
        q=search_text(),
        invitations=services.pending_invitations(brand),
        roles=ROLES,
        role_options=role_options(),
        described_role_options=role_options(described=True),
        role_labels=ROLE_LABELS,
        **context,
    ), status


@bp.get("/")
@requires("members")
def index():
    return _page()


@bp.post("/invite")
@requires("members")
def invite():
    brand = current_brand()
    try:
        invitation, token = services.invite(
            brand, current_user.user, request.form.get("email", ""), request.form.get("role", "")
        )
    except Invalid as error:
        return _page(422, problems=error.problems, form=request.form)
    link = external_url("console.invitation", token=token)
    # Queued with the invitation: the job sends it once the row is committed (so the link
    # works), and retries it if sending fails, while this page has already answered.
    send_email(
        invitation.email, *services.invitation_email(brand, current_user.user, invitation, link)
    )
    db.session.commit()
    flash(_("Invitation saved: the email to %(email)s is on its way.", email=invitation.email))
    return redirect(url_for(".index"))


@bp.post("/<int:membership_id>/role")
@requires("members")
def set_role(membership_id: int):
    try:
        membership = services.set_role(current_brand(), membership_id, request.form.get("role", ""))
    except Invalid as error:
        return _page(422, problems=error.problems)
    if membership is None:
        abort(404)
    db.session.commit()
    flash(_("Role changed."))
    return redirect(url_for(".index"))


@bp.post("/<int:membership_id>/remove")
@requires("members")
def remove(membership_id: int):
    try:
        membership = services.remove_member(current_brand(), membership_id)
    except Invalid as error:
        return _page(422, problems=error.problems)
    if membership is None:
        abort(404)
    db.session.commit()
    flash(_("Member removed."))
    if membership.user_id == current_user.id:
        return redirect(url_for("console.index"))
    return redirect(url_for(".index"))


@bp.post("/invitations/<int:invitation_id>/revoke")
@requires("members")
def revoke(invitation_id: int):
    if services.revoke_invitation(current_brand(), invitation_id) is None:
        abort(404)
    db.session.commit()
    flash(_("Invitation withdrawn."))
    return redirect(url_for(".index"))
