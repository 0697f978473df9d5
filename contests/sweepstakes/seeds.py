"""Draw seeds: made at random, kept encrypted until the draw reveals them.

The key is derived from the app's SECRET_KEY, so a copy of the database alone does not
reveal a seed before its draw (knowing it early would let someone steer the list). Rotating
SECRET_KEY while a sweepstakes is live makes its seed unreadable: draw first.
"""

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet
from flask import current_app

from contests.sweepstakes.draw import SEED_BYTES


def new_seed_hex() -> str:
    return secrets.token_bytes(SEED_BYTES).hex()


def _fernet() -> Fernet:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    key = hashlib.sha256(b"superfan sweepstakes seed\0" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(seed_hex: str) -> str:
    return _fernet().encrypt(seed_hex.encode()).decode()


def unseal(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()
