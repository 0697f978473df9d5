"""Every frame's declared size, read from the file's own structure before any pixel is decoded.

Pillow checks the size of the frame it opens; a decoder asked for a later frame (or the WebP
animation decoder, which allocates its canvas when it opens) trusts whatever the file declares.
Each walker only reads headers, never pixels, and stops quietly at damage: what it could not
reach, no decoder reaches either, and Pillow then reports the damage itself.
"""

import struct
from collections.abc import Iterator

Size = tuple[int, int]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG markers with no length field: TEM, RST0-7, SOI, EOI.
JPEG_STANDALONE = {0x01, *range(0xD0, 0xDA)}
# SOF0-15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
JPEG_FRAME_MARKERS = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
JPEG_START_OF_SCAN = 0xDA
MP_ENTRY_TAG = 0xB002
MP_ENTRY_SIZE = 16
# Phones write 2 to a handful of pictures in one MPO; a long index only makes work for us.
MPO_MAX_IMAGES = 64


class TooManyImages(ValueError):
    """An MPO index lists more pictures than any camera writes."""


def declared_sizes(data: bytes) -> Iterator[Size]:
    """The canvas and each frame's extent (offset + size), as (width, height), in file order."""
    if data.startswith((b"GIF87a", b"GIF89a")):
        walker = _gif
    elif data.startswith(PNG_SIGNATURE):
        walker = _png
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        walker = _webp
    elif data.startswith(b"\xff\xd8\xff"):
        walker = _jpeg_and_mpo
    else:
        return
    try:
        yield from walker(data)
    except (IndexError, struct.error):
        return


def _gif(data: bytes) -> Iterator[Size]:
    """Logical screen, then every Image Descriptor; extensions and LZW data are skipped."""
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    yield width, height
    pos = 13 + _colour_table(flags)
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            return
        if block == 0x21:  # extension: a label, then sub-blocks
            pos = _skip_sub_blocks(data, pos + 2)
        elif block == 0x2C:  # image descriptor
            left, top, width, height, flags = struct.unpack_from("<HHHHB", data, pos + 1)
            yield left + width, top + height
            # The LZW minimum code size, then the pixels as sub-blocks.
            pos = _skip_sub_blocks(data, pos + 10 + _colour_table(flags) + 1)
        else:
            # Pillow skips a stray byte between blocks, so a walker that stopped here would
            # miss frames Pillow still finds.
            pos += 1


def _colour_table(flags: int) -> int:
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    while (length := data[pos]) != 0:
        pos += 1 + length
    return pos + 1


def _png(data: bytes) -> Iterator[Size]:
    """IHDR's size, then every APNG frame control chunk (fcTL) with its offset."""
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = pos + 8
        if kind == b"IHDR":
            yield struct.unpack_from(">II", data, body)
        elif kind == b"fcTL":
            width, height, left, top = struct.unpack_from(">IIII", data, body + 4)
            yield left + width, top + height
        elif kind == b"IEND":
            return
        pos = body + length + 4  # data, then its CRC


def _webp(data: bytes) -> Iterator[Size]:
    """The RIFF chunks: VP8X's canvas, each ANMF frame, and bare VP8 / VP8L bitstreams."""
    end = min(len(data), 8 + struct.unpack_from("<I", data, 4)[0])
    yield from _webp_chunks(data, 12, end)


def _webp_chunks(data: bytes, pos: int, end: int) -> Iterator[Size]:
    while pos + 8 <= end:
        kind, length = struct.unpack_from("<4sI", data, pos)
        body = pos + 8
        if kind == b"VP8X":
            yield _u24(data, body + 4) + 1, _u24(data, body + 7) + 1
        elif kind == b"ANMF":
            left, top = 2 * _u24(data, body), 2 * _u24(data, body + 3)
            yield left + _u24(data, body + 6) + 1, top + _u24(data, body + 9) + 1
            # A frame carries its own VP8 / VP8L bitstream (and maybe ALPH) after 16 bytes.
            yield from _webp_chunks(data, body + 16, min(end, body + length))
        elif kind == b"VP8 ":
            # Frame tag (3 bytes), start code (3), then 14-bit width and height.
            width, height = struct.unpack_from("<HH", data, body + 6)
            yield width & 0x3FFF, height & 0x3FFF
        elif kind == b"VP8L":
            bits = struct.unpack_from("<I", data, body + 1)[0]
            yield (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        pos = body + length + (length & 1)  # chunks are padded to an even length


def _u24(data: bytes, pos: int) -> int:
    return int.from_bytes(data[pos : pos + 3], "little")


def _jpeg_and_mpo(data: bytes) -> Iterator[Size]:
    """The first image's frame header, then (MPO) that of every image the MP index lists."""
    size, mp_index = _jpeg_header(data, 0)
    if size is not None:
        yield size
    if mp_index is None:
        return
    for offset in _mp_offsets(data, mp_index):
        size, _ = _jpeg_header(data, offset)
        if size is not None:
            yield size


def _jpeg_header(data: bytes, pos: int) -> tuple[Size | None, int | None]:
    """The (width, height) of the JPEG starting at pos, and where its MP index starts if any."""
    if data[pos : pos + 2] != b"\xff\xd8":
        return None, None
    pos += 2
    mp_index = None
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None, mp_index
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in JPEG_STANDALONE:
            pos += 2
            continue
        if marker == JPEG_START_OF_SCAN:
            return None, mp_index
        length = struct.unpack_from(">H", data, pos + 2)[0]
        body = pos + 4
        if marker in JPEG_FRAME_MARKERS:
            height, width = struct.unpack_from(">HH", data, body + 1)
            return (width, height), mp_index
        if marker == 0xE2 and data[body : body + 4] == b"MPF\x00":
            mp_index = body + 4
        pos += 2 + length
    return None, mp_index


def _mp_offsets(data: bytes, tiff: int) -> Iterator[int]:
    """Where each image after the first starts, from the MP Entry of the MP index (CIPA DC-007)."""
    order = {b"II": "<", b"MM": ">"}.get(data[tiff : tiff + 2])
    if order is None:
        return
    ifd = tiff + struct.unpack_from(order + "I", data, tiff + 4)[0]
    (count,) = struct.unpack_from(order + "H", data, ifd)
    for index in range(count):
        tag, _, length, value = struct.unpack_from(order + "HHII", data, ifd + 2 + 12 * index)
        if tag != MP_ENTRY_TAG:
            continue
        entries = tiff + value
        if length // MP_ENTRY_SIZE > MPO_MAX_IMAGES:
            raise TooManyImages(f"{length // MP_ENTRY_SIZE} pictures in one MPO")
        # The first entry is the image already read; its offset is 0 by definition.
        for entry in range(1, length // MP_ENTRY_SIZE):
            offset = struct.unpack_from(order + "I", data, entries + entry * MP_ENTRY_SIZE + 8)[0]
            yield tiff + offset
        return
