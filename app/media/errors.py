"""UploadRejected: why an upload was refused, in words a fan can act on."""


class UploadRejected(Exception):
    """An upload the platform will not store; `message` is safe to show to the fan."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.message = message
        # A stable code (empty, too_big, not_an_image, too_large, damaged) for views and tests.
        self.reason = reason


def empty() -> UploadRejected:
    return UploadRejected("The file is empty.", reason="empty")


def too_big(max_bytes: int) -> UploadRejected:
    return UploadRejected(
        f"The file is too big (max {max_bytes / 1024**2:g} MB).", reason="too_big"
    )


def not_an_image() -> UploadRejected:
    return UploadRejected("This file is not a JPEG, PNG, WebP or GIF image.", reason="not_an_image")


def too_large(max_pixels: int) -> UploadRejected:
    return UploadRejected(
        f"This image is too large (max {max_pixels / 1e6:g} megapixels).", reason="too_large"
    )


def damaged() -> UploadRejected:
    return UploadRejected("This image is damaged or incomplete.", reason="damaged")
