"""Renditions: made after commit (inline without Redis, on RQ with it), right sizes, idempotent."""

import io

from PIL import Image

from app.extensions import db
from app.media import RENDITIONS, get_media, make_renditions, store_image
from app.media.renditions import render
from tests.conftest import run_worker
from tests.factories import make_brand
from tests.media.conftest import encoded, files_under, gradient, mean_difference, use_storage


def rendition(storage, media, name) -> Image.Image:
    image = Image.open(storage.path(media.storage_name(name)))
    image.load()
    return image


def test_renditions_are_made_inline_after_commit(any_storage, brand):
    media = store_image(
        encoded(gradient((2000, 1500)), "JPEG"), brand_id=brand.id, purpose="contest_photo"
    )
    assert media.renditions == {}
    assert len(files_under(any_storage.root)) == 1

    db.session.commit()

    db.session.expire_all()
    assert set(media.renditions) == set(RENDITIONS)
    for name, size in (("display", (1280, 960)), ("thumb", (320, 240))):
        image = rendition(any_storage, media, name)
        assert (image.format, image.size) == ("JPEG", size)
        assert media.renditions[name] == {
            "width": size[0],
            "height": size[1],
            "byte_size": any_storage.path(media.storage_name(name)).stat().st_size,
        }
        original = Image.open(any_storage.path(media.storage_name())).resize(size)
        assert mean_difference(image, original) < 6
    assert len(files_under(any_storage.root)) == 3


def test_portrait_png_renditions_keep_transparency(storage, brand):
    image = gradient((700, 1400), "RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    media = store_image(encoded(image, "PNG"), brand_id=brand.id, purpose="brand_logo")
    db.session.commit()
    display, thumb = rendition(storage, media, "display"), rendition(storage, media, "thumb")
    assert (display.format, display.mode, display.size) == ("PNG", "RGBA", (640, 1280))
    assert (thumb.format, thumb.size) == ("PNG", (160, 320))


def test_small_originals_are_not_enlarged(storage, brand):
    media = store_image(
        encoded(gradient((300, 200)), "PNG"), brand_id=brand.id, purpose="quiz_image"
    )
    db.session.commit()
    original = storage.path(media.storage_name()).read_bytes()
    assert storage.path(media.storage_name("thumb")).read_bytes() == original
    assert storage.path(media.storage_name("display")).read_bytes() == original
    assert media.renditions["thumb"]["width"] == 300


def test_a_second_run_does_no_work_and_changes_nothing(storage, brand, monkeypatch):
    media = store_image(
        encoded(gradient((1600, 900)), "JPEG"), brand_id=brand.id, purpose="contest_photo"
    )
    db.session.commit()
    first = dict(media.renditions)
    files = {path: path.read_bytes() for path in files_under(storage.root)}

    saves = []
    monkeypatch.setattr(storage, "save", lambda *args: saves.append(args))
    assert make_renditions(media.id) == first
    db.session.commit()

    assert saves == []
    db.session.expire_all()
    assert media.renditions == first
    assert {path: path.read_bytes() for path in files_under(storage.root)} == files


def test_a_run_after_a_partial_one_makes_only_what_is_missing(storage, brand):
    media = store_image(
        encoded(gradient((1600, 900)), "JPEG"), brand_id=brand.id, purpose="contest_photo"
    )
    db.session.commit()
    thumb = storage.path(media.storage_name("thumb")).read_bytes()
    storage.delete(media.storage_name("display"))
    media.renditions = {"thumb": media.renditions["thumb"]}
    db.session.commit()

    made = make_renditions(media.id)
    db.session.commit()

    assert set(made) == set(RENDITIONS)
    assert rendition(storage, media, "display").size == (1280, 720)
    assert storage.path(media.storage_name("thumb")).read_bytes() == thumb


def test_a_failed_run_leaves_no_rendition_files(storage, brand, monkeypatch):
    monkeypatch.setattr("app.media.services.jobs.enqueue", lambda *args: None)
    media = store_image(
        encoded(gradient((1600, 900)), "JPEG"), brand_id=brand.id, purpose="contest_photo"
    )
    db.session.commit()

    make_renditions(media.id)
    db.session.rollback()

    assert files_under(storage.root) == [storage.path(media.storage_name())]
    db.session.expire_all()
    assert media.renditions == {}


def test_media_deleted_before_the_job_runs_is_skipped(storage, brand):
    assert make_renditions(123_456) == {}


def test_render_uses_jpeg_draft_mode(monkeypatch):
    drafts = []
    original_draft = Image.Image.draft

    def spy(self, mode, size):
        drafts.append(size)
        return original_draft(self, mode, size)

    monkeypatch.setattr("PIL.JpegImagePlugin.JpegImageFile.draft", spy)
    made = render(encoded(gradient((4000, 3000)), "JPEG"))
    assert drafts[0] == (1280, 960)
    assert {name: (e.width, e.height) for name, e in made.items()} == {
        "display": (1280, 960),
        "thumb": (320, 240),
    }
    assert Image.open(io.BytesIO(made["thumb"].data)).size == (320, 240)


def test_renditions_are_made_by_a_real_rq_worker(redis_app, tmp_path):
    # The worker process finds the files where the app's instance folder puts them.
    storage = use_storage(tmp_path / "instance" / "media")
    brand = make_brand()
    media = store_image(
        encoded(gradient((1500, 1000)), "JPEG"), brand_id=brand.id, purpose="contest_photo"
    )
    db.session.commit()
    db.session.expire_all()
    assert media.renditions == {}, "with Redis the job must be queued, not run inline"

    worker = run_worker(
        redis_app.config["SQLALCHEMY_DATABASE_URI"],
        redis_app.config["REDIS_URL"],
        tmp_path / "instance",
    )
    assert worker.returncode == 0, worker.stderr

    db.session.expire_all()
    media = get_media(media.key)
    assert set(media.renditions) == set(RENDITIONS)
    assert rendition(storage, media, "display").size == (1280, 853)
    assert rendition(storage, media, "thumb").size == (320, 213)
