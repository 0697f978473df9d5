"""Staff accounts: email and password login, throttling, password reset, optional OAuth."""

from urllib.parse import urlsplit

from authlib.integrations.base_client import OAuthError
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.extensions import db, limiter, login_manager
from app.identity import staff_oidc
from app.identity.staff_accounts import (
    ResetLinkInvalid,
    StaffUser,
    authenticate,
    find_user,
    load_session_user,
    normalise_email,
    password_problem,
    reset_token,
    set_password,
    user_for_reset,
)
from app.mail import send_email, valid_address
from app.staff_errors import install_error_pages

bp = Blueprint("staff", __name__, url_prefix="/console")
install_error_pages(bp)

DEFAULT_LIMITS = {
    # Failed sign-ins only: a shared office IP must not lock out a whole team that types well.
    "STAFF_LOGIN_LIMIT_PER_IP": "30 per 15 minutes",
    "STAFF_LOGIN_LIMIT_PER_EMAIL": "5 per 15 minutes",
    # Every reset request counts: each one sends an email.
    "STAFF_RESET_LIMIT_PER_IP": "20 per hour",
    "STAFF_RESET_LIMIT_PER_EMAIL": "3 per hour",
}


def init_app(app) -> None:
    """Register staff login."""
    for key, value in DEFAULT_LIMITS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("STAFF_RESET_MAX_AGE", 3600)
    login_manager.user_loader(load_session_user)
    staff_oidc.init_app(app)
    app.register_blueprint(bp)


def _config(key: str):
    return lambda: current_app.config[key]


def _email_key() -> str:
    # Prefixed so an address can never share a bucket with an IP address.
    return "email:" + normalise_email(request.form.get("email"))


def _failed(response) -> bool:
    return response.status_code == 401


def safe_next(default_endpoint: str = "console.index") -> str:
    """The local page to go to after signing in; never another site."""
    target = request.values.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith(("//", "/\\")) and not parts.netloc:
        return target
    return url_for(default_endpoint)


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an email, built on BASE_URL rather than the request's Host header."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def _login_page(status: int = 200, **context):
    context.setdefault("email", "")
    oidc = staff_oidc.label() if staff_oidc.enabled() else None
    return render_template(
        "console/auth/login.html", oidc_label=oidc, next=request.values.get("next", ""), **context
    ), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _config("STAFF_LOGIN_LIMIT_PER_IP"),
    methods=["POST"],
    deduct_when=_failed,
)
@limiter.limit(
    _config("STAFF_LOGIN_LIMIT_PER_EMAIL"),
    key_func=_email_key,
    methods=["POST"],
    deduct_when=_failed,
)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next())
    if request.method == "GET":
        return _login_page()
    email = normalise_email(request.form.get("email"))
    user = authenticate(email, request.form.get("password", ""))
    if user is None:
        return _login_page(401, email=email, error=_("Wrong email or password."))
    login_user(StaffUser(user))
    return redirect(safe_next())


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("You are signed out."))
    return redirect(url_for("staff.login"))


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(
    _config("STAFF_RESET_LIMIT_PER_IP"),
    methods=["POST"],
)
@limiter.limit(
    _config("STAFF_RESET_LIMIT_PER_EMAIL"),
    key_func=_email_key,
    methods=["POST"],
)
def reset_request():
    if request.method == "GET":
        return render_template("console/auth/reset_request.html", email="")
    email = normalise_email(request.form.get("email"))
    if valid_address(email) is None:
        return render_template(
            "console/auth/reset_request.html",
            email=email,
            error=_("Enter the email address of your staff account, like name@example.com."),
        ), 422
    user = find_user(email)
    # Staff only (fans have no password); the answer is the same either way, so nobody can
    # learn from it who has an account.
    if user is not None and user.password_hash:
        minutes = current_app.config["STAFF_RESET_MAX_AGE"] // 60
        link = external_url("staff.reset", token=reset_token(user))
        send_email(
            user.email,
            _("Reset your Superfan password"),
            _(
                "Someone asked to reset the password of your Superfan staff account.\n\n"
                "To choose a new password, open this link within %(minutes)s minutes:\n"
                "%(link)s\n\n"
                "It works once. If you did not ask, ignore this message: nothing changes.",
                minutes=minutes,
                link=link,
            ),
        )
    # The email is queued with this transaction: the commit hands it to the job queue.
    db.session.commit()
    return render_template("console/auth/reset_sent.html", email=email)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    try:
        user = user_for_reset(token)
    except ResetLinkInvalid as error:
        return render_template("console/auth/reset_invalid.html", message=str(error)), 400
    if request.method == "GET":
        return render_template("console/auth/reset.html", token=token)
    password = request.form.get("password", "")
    problem = password_problem(password, request.form.get("confirm", ""), user.email)
    if problem:
        return render_template("console/auth/reset.html", token=token, error=problem), 422
    set_password(user, password)
    db.session.commit()
    logout_user()
    login_user(StaffUser(user))
    flash(_("Your password is changed and you are signed in."))
    return redirect(url_for("console.index"))


@bp.get("/login/oidc")
def oidc_start():
    if not staff_oidc.enabled():
        return redirect(url_for("staff.login"))
    redirect_uri = external_url("staff.oidc_callback")
    return staff_oidc.client().authorize_redirect(redirect_uri)


@bp.get("/login/oidc/callback")
def oidc_callback():
    if not staff_oidc.enabled():
        return redirect(url_for("staff.login"))
    try:
        token = staff_oidc.client().authorize_access_token()
        user = staff_oidc.staff_for_claims(token.get("userinfo") or {})
    except OAuthError as error:
        return _login_page(
            401,
            error=_(
                "Sign-in with %(provider)s failed: %(error)s.",
                provider=staff_oidc.label(),
                error=error,
            ),
        )
    except staff_oidc.NoStaffAccount as error:
        return _login_page(403, error=str(error))
    db.session.commit()
    login_user(StaffUser(user))
    return redirect(url_for("console.index"))
