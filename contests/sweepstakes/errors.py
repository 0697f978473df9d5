"""SweepstakesRefused: why an entry, an edit or a draw was refused, with a message to act on."""


class SweepstakesRefused(Exception):
    """A refused action; views answer `status` with `message` and the stable `code`."""

    def __init__(self, message: str, *, code: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
