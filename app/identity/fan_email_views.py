"""Sign-in by email link, in the popup: ask for a link, wait for it, open it once."""

from flask import jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from app import mail
from app.extensions import db, limiter
from app.fanpage import framing
from app.fanpage.messages import unknown_brand
from app.identity import fan_providers, fan_tokens
from app.identity.fan_auth import PENDING_EMAIL, bp, brand_or_404, token_problem
from app.identity.fan_session import fan_user, is_guest
from app.identity.fan_signin import normalise_email, sign_in, user_for_email
from app.identity.fan_tokens import TokenError


def _email_key() -> str:
    return normalise_email(request.form.get("email")) or request.remote_addr or "unknown"


@bp.post("/fan/<brand_slug>/signin/email")
@limiter.limit("10 per 10 minutes")
@limiter.limit("3 per 10 minutes", key_func=_email_key)
def email_request(brand_slug):
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    email = normalise_email(request.form.get("email"))
    if email is None:
        user = fan_user()
        return render_template(
            "embed/signin.html",
            providers=fan_providers.providers(),
            known=user if user is not None and not is_guest(user) else None,
            error=_("Please enter a valid email address."),
        ), 422
    row, secret = fan_tokens.issue_login_token(
        "email", brand, email=email, ttl=fan_tokens.EMAIL_LINK_TTL
    )
    link = url_for(
        "fan_auth.email_link",
        brand_slug=brand.slug,
        token=fan_tokens.email_link_token(row, secret),
        _external=True,
    )
    minutes = int(fan_tokens.EMAIL_LINK_TTL.total_seconds() // 60)
    mail.send_email(
        email,
        _("Your sign-in link for %(brand)s", brand=brand.name),
        _(
            "Hello,\n\nTo sign in to %(brand)s, open this link within %(minutes)d minutes:\n\n"
            "%(link)s\n\nIt works once. If you did not ask for it, ignore this message.\n",
            brand=brand.name,
            minutes=minutes,
            link=link,
        ),
    )
    session[PENDING_EMAIL] = email
    db.session.commit()
    return render_template("embed/signin_email_sent.html", email=email)


@bp.get("/fan/<brand_slug>/signin/email/status")
def email_status(brand_slug):
    """The popup waits here: the link, opened in this browser, signs in this same cookie jar."""
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    user = fan_user()
    pending = session.get(PENDING_EMAIL)
    signed_in = bool(pending and user is not None and user.email == pending)
    if signed_in:
        # Only this poll clears the marker: the link's own tab lands on the done page too,
        # and must not leave the waiting popup without an answer.
        session.pop(PENDING_EMAIL)
    return jsonify(
        signed_in=signed_in,
        next=url_for("fan_auth.done", brand_slug=brand.slug) if signed_in else None,
    )


@bp.route("/fan/<brand_slug>/signin/email/<token>", methods=["GET", "POST"])
def email_link(brand_slug, token):
    """GET asks to confirm (mail scanners open links too); POST signs in, once."""
    brand = brand_or_404()
    if brand is None:
        return unknown_brand()
    framing.forbid_framing()
    try:
        secret = fan_tokens.read_email_link(token)
        if request.method == "GET":
            return render_template("embed/signin_email_confirm.html", token=token)
        row = fan_tokens.consume_login_token("email", brand, secret)
    except TokenError as problem:
        return token_problem(problem.reason, brand, link=True)
    user = user_for_email(row.email)
    sign_in(user, brand)
    db.session.commit()
    return redirect(url_for("fan_auth.done", brand_slug=brand.slug), 303)
