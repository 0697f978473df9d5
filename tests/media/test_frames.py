"""The frame walkers read only headers, survive any damage, and refuse an absurd MPO index."""

import io
import struct

import pytest

from app.media import UploadRejected, store_image
from app.media.frames import declared_sizes
from tests.contests.photo.test_frame_sizes import CRAFTED, HUGE, two_frames
from tests.media.conftest import files_under, media_count


@pytest.mark.parametrize("kind", list(CRAFTED))
def test_every_frame_is_reported_with_its_offset(kind):
    sizes = list(declared_sizes(CRAFTED[kind]()))
    assert sizes[0] == (16, 16)
    assert (HUGE, HUGE) in sizes


@pytest.mark.parametrize("kind", list(CRAFTED))
def test_a_file_cut_anywhere_never_breaks_the_walk(kind):
    data = CRAFTED[kind]()
    for end in range(len(data)):
        for width, height in declared_sizes(data[:end]):
            assert width >= 0 and height >= 0


def test_an_mpo_listing_thousands_of_pictures_is_refused_as_damaged(storage, brand):
    data = bytearray(two_frames("MPO"))
    index = data.index(b"MPF\x00") + 4
    order = "<" if data[index : index + 2] == b"II" else ">"
    ifd = index + struct.unpack_from(order + "I", data, index + 4)[0]
    (count,) = struct.unpack_from(order + "H", data, ifd)
    for entry in range(count):
        at = ifd + 2 + 12 * entry
        if struct.unpack_from(order + "H", data, at)[0] == 0xB002:
            data[at + 4 : at + 8] = struct.pack(order + "I", 16 * 5000)

    with pytest.raises(UploadRejected) as rejected:
        store_image(io.BytesIO(bytes(data)), brand_id=brand.id, purpose="contest_photo")

    assert rejected.value.reason == "damaged"
    assert files_under(storage.root) == []
    assert media_count() == 0
