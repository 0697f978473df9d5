"""LocalStorage: atomic writes, names kept inside the root, and delete_media."""

import os

import pytest

from app.extensions import db
from app.media import LocalStorage, delete_media, get_media, store_image
from tests.media.conftest import encoded, files_under, gradient


def test_save_open_delete(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.save("ab/name.jpg", b"one")
    storage.save("ab/name.jpg", b"two")
    with storage.open("ab/name.jpg") as stream:
        assert stream.read() == b"two"
    assert storage.url("ab/name.jpg") is None
    storage.delete("ab/name.jpg")
    storage.delete("ab/name.jpg")
    assert files_under(tmp_path) == []
    with pytest.raises(FileNotFoundError):
        storage.open("ab/name.jpg")


@pytest.mark.parametrize("name", ["", "/etc/passwd", "../out.jpg", "ab/../../out.jpg", "a//b"])
def test_names_stay_inside_the_root(tmp_path, name):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path / "root").save(name, b"x")


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    storage = LocalStorage(tmp_path)
    storage.save("a.jpg", b"old")

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        storage.save("a.jpg", b"new")
    assert files_under(tmp_path) == [tmp_path / "a.jpg"]
    assert (tmp_path / "a.jpg").read_bytes() == b"old"


def test_delete_media_removes_files_only_after_commit(storage, brand):
    media = store_image(
        encoded(gradient((1600, 900)), "JPEG"), brand_id=brand.id, purpose="contest_photo"
    )
    db.session.commit()
    assert len(files_under(storage.root)) == 3

    delete_media(media)
    db.session.rollback()
    assert len(files_under(storage.root)) == 3
    assert get_media(media.key) is not None

    delete_media(get_media(media.key))
    db.session.commit()
    assert files_under(storage.root) == []
    assert get_media(media.key) is None
