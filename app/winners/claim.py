"""A winner's claim: the fan confirms how to reach them and where to send the prize.

The details are collected under the contest's rules, for delivering the prize, and only
from the winning fan, before the claim deadline.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from app.campaigns.forms import FormReader
from app.campaigns.languages import translated
from app.campaigns.refusals import Refused
from app.mail import send_email, valid_address
from app.models import Brand, FanProfile
from app.models.winners import Winner

# (form field, maximum length); the contact JSON keeps these keys.
CONTACT_FIELDS = (
    ("name", 200),
    ("email", 320),
    ("phone", 40),
    ("address", 500),
    ("postcode", 20),
    ("city", 100),
    ("country", 100),
)


def claimable(winner: Winner, fan: FanProfile | None, now: datetime) -> str | None:
    """Why this fan cannot claim this prize now, or None."""
    if fan is None or fan.id != winner.fan_id:
        return _("Sign in with the account you entered with to claim this prize.")
    if winner.replaced_at is not None or winner.status == "forfeited":
        return _("This prize was forfeited and can no longer be claimed.")
    if winner.claim_deadline is not None and now > winner.claim_deadline:
        return _("The deadline to claim this prize has passed.")
    return None


def read_contact(form) -> dict:
    """The claim form's details, every problem at once (Refused) when any."""
    reader = FormReader(form, "UTC")
    required = {
        "name": _("Write your full name."),
        "address": _("Write the street address where the prize should go."),
        "postcode": _("Write your postcode."),
        "city": _("Write your city."),
        "country": _("Write your country."),
    }
    contact = {
        name: reader.text(name, required_message=required.get(name), max_length=length)
        for name, length in CONTACT_FIELDS
    }
    email = valid_address(contact["email"])
    if email is None:
        reader.refuse(_("Write an email address we can reach you at."), "email")
    else:
        contact["email"] = email
    reader.done()
    return contact


def claim(winner: Winner, fan: FanProfile | None, form, now: datetime) -> None:
    """Store the winner's details and mark the prize claimed; flushes nothing itself."""
    reason = claimable(winner, fan, now)
    if reason is not None:
        raise Refused(reason, code="not_claimable", status=409)
    winner.contact = read_contact(form)
    winner.claimed_at = winner.updated_at = now
    if winner.status in ("pending", "contacted"):
        winner.status = "claimed"


def send_claim_link(winner: Winner, url: str, brand: Brand) -> None:
    """Email the winner the link to their claim form (after commit), with the deadline."""
    to = winner.fan.user.email if winner.fan is not None else None
    if not to:
        raise Refused(_("This winner has no email address: reach them another way."), status=409)
    zone = ZoneInfo(brand.timezone)
    deadline = winner.claim_deadline.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    send_email(
        to,
        _("You won a prize from %(brand)s", brand=brand.name),
        _(
            "Congratulations! You are a winner of %(campaign)s.\n\n"
            "To receive your prize, confirm your name and postal address before %(deadline)s:\n"
            "%(url)s\n",
            campaign=translated(winner.campaign, "title"),
            deadline=deadline,
            url=url,
        ),
    )
