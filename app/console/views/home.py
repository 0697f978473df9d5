"""The console's front door: the member's brands, creating a brand, accepting an invitation."""

from functools import wraps

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from app.console.roles import role_name
from app.console.services import Invalid
from app.console.services import brands as brand_services
from app.console.services import members as member_services
from app.extensions import db
from app.identity.staff_accounts import StaffUser, find_user
from app.models import Brand
from app.staff_errors import error_page, install_error_pages

bp = Blueprint("console", __name__, url_prefix="/console")
install_error_pages(bp)


def signed_in(view):
    """Send anonymous visitors to the staff login, then back here."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapper


def _index(status: int = 200, **context):
    context.setdefault("form", {})
    context.setdefault("problems", {})
    memberships = brand_services.brands_of(current_user.id)
    return render_template("console/index.html", memberships=memberships, **context), status


@bp.get("/")
@signed_in
def index():
    return _index()


@bp.post("/brands")
@signed_in
def create_brand():
    try:
        brand = brand_services.create_brand(
            current_user.user, request.form.get("name", ""), request.form.get("slug", "")
        )
    except Invalid as error:
        return _index(422, form=request.form, problems=error.problems)
    db.session.commit()
    flash(_("%(brand)s is created and you are its owner.", brand=brand.name))
    return redirect(url_for("console_campaigns.index", brand_slug=brand.slug))


def _invitation_page(invitation, status: int = 200, **context):
    context.setdefault("problems", {})
    existing = find_user(invitation.email)
    return render_template(
        "console/invitation.html",
        invitation=invitation,
        brand=db.session.get(Brand, invitation.brand_id),
        has_password=bool(existing and existing.password_hash),
        form=request.form,
        **context,
    ), status


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    try:
        invitation = member_services.invitation_for(token)
    except member_services.InvitationInvalid as error:
        return error_page(404, "Invitation", str(error))
    if request.method == "GET":
        return _invitation_page(invitation)
    try:
        if current_user.is_authenticated:
            user = current_user.user
            member_services.accept(invitation, user)
        else:
            user = member_services.accept_with_new_password(
                invitation,
                request.form.get("display_name", ""),
                request.form.get("password", ""),
                request.form.get("confirm", ""),
            )
    except Invalid as error:
        return _invitation_page(invitation, 422, problems=error.problems)
    db.session.commit()
    if not current_user.is_authenticated:
        login_user(StaffUser(user))
    brand = db.session.get(Brand, invitation.brand_id)
    flash(
        _(
            "Welcome to %(brand)s: your role is %(role)s.",
            brand=brand.name,
            role=role_name(invitation.role),
        )
    )
    return redirect(url_for("console_campaigns.index", brand_slug=brand.slug))
