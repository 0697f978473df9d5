"""UploadRejected: why an upload was refused, in words a fan can act on, in their language."""

from flask_babel import gettext as _


class UploadRejected(Exception):
    """An upload the platform will not store; `message` is safe to show to the fan."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.message = message
        # A stable code (empty, too_big, not_an_image, too_large, damaged) for views and tests.
        self.reason = reason


def empty() -> UploadRejected:
    return UploadRejected(_("The file is empty."), reason="empty")


def too_big(max_bytes: int) -> UploadRejected:
    return UploadRejected(
        _("The file is too big (max %(megabytes)s MB).", megabytes=f"{max_bytes / 1024**2:g}"),
        reason="too_big",
    )


def not_an_image() -> UploadRejected:
    return UploadRejected(
        _("This file is not a JPEG, PNG, WebP or GIF image."), reason="not_an_image"
    )


def too_large(max_pixels: int) -> UploadRejected:
    return UploadRejected(
        _(
            "This image is too large (max %(megapixels)s megapixels).",
            megapixels=f"{max_pixels / 1e6:g}",
        ),
        reason="too_large",
    )


def damaged() -> UploadRejected:
    return UploadRejected(_("This image is damaged or incomplete."), reason="damaged")
