"""A 64-bit difference hash (dHash) with Pillow, and the Hamming distance between two hashes."""

from PIL import Image

BITS = 64
MASK = (1 << BITS) - 1


def dhash(image: Image.Image) -> int:
    """Compare each pixel of a 9x8 gray thumbnail with its right neighbour: one bit per pair.

    Returned as a signed 64-bit integer, the range of a database BIGINT.
    """
    # reducing_gap lets Pillow shrink in cheap integer steps first: a 40 MP image stays fast.
    small = image.resize((9, 8), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if small.has_transparency_data:
        # Transparent pixels carry arbitrary colour: judge the logo as shown, on white.
        backdrop = Image.new("RGBA", small.size, "white")
        small = Image.alpha_composite(backdrop, small.convert("RGBA"))
    pixels = small.convert("L").tobytes()
    value = 0
    for row in range(8):
        for col in range(8):
            left, right = pixels[row * 9 + col], pixels[row * 9 + col + 1]
            value = (value << 1) | (left > right)
    return value - (1 << BITS) if value >> (BITS - 1) else value


def distance(a: int, b: int) -> int:
    """How many of the 64 bits differ; 0 for the same picture, about 32 for unrelated ones."""
    return ((a ^ b) & MASK).bit_count()
