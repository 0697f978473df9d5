"""Perceptual hashes and near-duplicate search among a brand's media."""

import io

from PIL import Image

from app.media import find_near_duplicates, store_image
from app.media.phash import dhash, distance
from tests.factories import make_brand
from tests.media.conftest import encoded, gradient


def test_distance_counts_differing_bits():
    assert distance(0, 0) == 0
    assert distance(0, -1) == 64
    assert distance(0b1011, 0b0001) == 2
    assert distance(-(2**63), 2**63 - 1) == 64


def test_hash_fits_a_signed_bigint_and_ignores_size_and_compression():
    image = gradient((400, 300))
    value = dhash(image)
    assert -(2**63) <= value < 2**63
    copy = Image.open(io.BytesIO(encoded(image.resize((200, 150)), "JPEG", quality=40)))
    assert distance(value, dhash(copy)) <= 2
    assert distance(value, dhash(image.transpose(Image.Transpose.FLIP_LEFT_RIGHT))) > 20


def test_a_resized_recompressed_copy_is_found_and_a_different_photo_is_not(
    corpus, any_storage, brand
):
    def store(data, purpose="contest_photo", brand_id=brand.id):
        return store_image(data, brand_id=brand_id, purpose=purpose)

    hopper = store((corpus / "hopper.jpg").read_bytes())
    flower = store((corpus / "flower.jpg").read_bytes())
    original = Image.open(corpus / "hopper.png").convert("RGB")
    copy = store(encoded(original.resize((100, 100)), "JPEG", quality=60))
    other_brand = make_brand("other")
    store((corpus / "hopper.jpg").read_bytes(), brand_id=other_brand.id)

    found = find_near_duplicates(copy)

    assert [near.media for near in found] == [hopper]
    assert found[0].distance <= 4
    assert [near.media for near in find_near_duplicates(hopper)] == [copy]
    assert find_near_duplicates(flower) == []
    assert find_near_duplicates(copy, purpose="quiz_image") == []
    assert [near.media for near in find_near_duplicates(copy, threshold=64)] == [hopper, flower]
