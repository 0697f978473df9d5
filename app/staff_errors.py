"""Error pages for staff blueprints (the console, staff sign-in): plain pages that never show
any brand's data."""

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


def install_error_pages(blueprint: Blueprint) -> None:
    """Answer refused forms, forbidden and missing pages of this blueprint with console pages."""
    blueprint.register_error_handler(CSRFError, csrf_refused)
    blueprint.register_error_handler(403, forbidden)
    blueprint.register_error_handler(404, not_found)


def error_page(status: int, title: str, message: str):
    return render_template("console/error.html", title=title, message=message), status


def csrf_refused(error: CSRFError):
    return error_page(
        400,
        _("Form refused"),
        _(
            "This form could not be accepted (%(reason)s) It may be too old or may not come "
            "from this site. Go back, reload the page and send it again.",
            reason=error.description,
        ),
    )


def forbidden(error):
    return error_page(
        403,
        _("Not allowed"),
        _("Your role in this brand does not allow this page or action."),
    )


def not_found(error):
    return error_page(
        404,
        _("Page not found"),
        _("There is no such page, or it belongs to a brand you are not a member of."),
    )
