"""Where media bytes live: a small interface, and the local-disk backend under instance/media."""

import os
import tempfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

from flask import current_app

EXTENSION_KEY = "superfan.media_storage"


class Storage(Protocol):
    """What any backend (local disk now, S3-compatible later) offers; names are relative paths."""

    def save(self, name: str, data: bytes) -> None:
        """Store data under name, replacing it atomically: readers see all of it or none."""

    def open(self, name: str) -> BinaryIO:
        """A readable binary file; FileNotFoundError when the name is unknown."""

    def delete(self, name: str) -> None:
        """Remove name; a missing name is not an error."""

    def url(self, name: str) -> str | None:
        """A public URL serving name directly (a CDN), or None when the app must serve it."""


class LocalStorage:
    """Files under one root folder; written to a temporary file, then renamed into place."""

    def __init__(self, root: str | os.PathLike, *, fsync: bool = True):
        self.root = Path(root).resolve()
        # fsync before rename: after a power cut a name points to whole bytes, never to none.
        self.fsync = fsync

    def path(self, name: str) -> Path:
        """The file for name; refuses names that would leave the root."""
        path = PurePosixPath(name)
        if not name or path.as_posix() != name or path.is_absolute() or ".." in path.parts:
            raise ValueError(f"invalid storage name {name!r}")
        return self.root.joinpath(*path.parts)

    def save(self, name: str, data: bytes) -> None:
        target = self.path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                if self.fsync:
                    out.flush()
                    os.fsync(out.fileno())
            os.chmod(partial, 0o644)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def open(self, name: str) -> BinaryIO:
        return self.path(name).open("rb")

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def url(self, name: str) -> str | None:
        return None


def get_storage() -> Storage:
    """The current app's media storage."""
    return current_app.extensions[EXTENSION_KEY]
