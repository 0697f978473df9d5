"""Pillow work on untrusted bytes: decode only allowed formats under limits, then re-encode."""

import io
import logging
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from app.media import errors, frames

log = logging.getLogger(__name__)

# MPO (a phone's multi-picture JPEG) opens through the JPEG plugin and decodes its first frame.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")
WIDE_GRAY_MODES = ("I", "I;16", "I;16B", "I;16L", "I;16N")
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Encoded:
    """Image bytes as stored, with what the row records about them."""

    data: bytes
    content_type: str
    width: int
    height: int


def looks_like_allowed(data: bytes) -> bool:
    """True when the bytes start like one of the allowed formats (so a failure means damage)."""
    return data.startswith(SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def decode(data: bytes, *, max_pixels: int) -> Image.Image:
    """Fully decode the first frame, upright, as RGB, RGBA or L; UploadRejected otherwise.

    Every frame's declared size is checked first, from the file's structure.
    """
    if not data:
        raise errors.empty()
    # Pillow's own bomb check stays armed: above its limit we refuse even if configured higher.
    limit = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
    try:
        # Every frame, not only the first: WebP's animation decoder allocates its canvas on
        # open, and the size Pillow reports is only that of the frame it opened.
        if any(width * height > limit for width, height in frames.declared_sizes(data)):
            raise errors.too_large(limit)
        # The explicit size checks are the guard; turning Pillow's bomb warning into an
        # error covers sizes it discovers while decoding (catch_warnings is process-wide).
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as image:
                if image.width * image.height > limit:
                    raise errors.too_large(limit)
                image.load()
                ImageOps.exif_transpose(image, in_place=True)
                return normalise(image)
    except errors.UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise errors.too_large(limit) from None
    except UnidentifiedImageError:
        raise (errors.damaged() if looks_like_allowed(data) else errors.not_an_image()) from None
    except MemoryError:
        raise
    except ValueError as error:
        # PNG text chunks that inflate past Pillow's limit raise "Decompressed data too large".
        if "too large" in str(error).lower():
            raise errors.too_large(limit) from None
        raise errors.damaged() from None
    except Exception:
        # Hostile files make decoders raise anything (OSError, SyntaxError, struct.error...).
        log.info("refused a damaged upload", exc_info=True)
        raise errors.damaged() from None


def normalise(image: Image.Image) -> Image.Image:
    """sRGB pixels in RGB, RGBA (only if some pixel is see-through) or L, with no metadata."""
    image = _to_srgb(image)
    if image.has_transparency_data:
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] == 255:
            image = image.convert("RGB")
    elif image.mode in WIDE_GRAY_MODES:
        # 16-bit gray: scale to 8 bits instead of letting convert() clip everything to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    elif image.mode not in ("RGB", "L"):
        image = image.convert("L" if image.mode == "1" else "RGB")
    # Whatever survives in info (EXIF, XMP, comments, ICC) would be written back by save().
    image.info = {}
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert from an embedded colour profile to sRGB, so dropping the profile keeps colours."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile is not worth refusing an image for: keep the pixels as they are.
        log.info("ignored an unusable colour profile", exc_info=True)
        return image


def encode(image: Image.Image, *, quality: int = 88, optimize: bool = True) -> Encoded:
    """PNG where there is transparency, JPEG otherwise; nothing but pixels is written."""
    out = io.BytesIO()
    if image.mode == "RGBA":
        image.save(out, "PNG", optimize=optimize)
        content_type = "image/png"
    else:
        image.save(out, "JPEG", quality=quality, optimize=optimize)
        content_type = "image/jpeg"
    return Encoded(out.getvalue(), content_type, image.width, image.height)


def fitted_size(size: tuple[int, int], box: int) -> tuple[int, int]:
    """The size that fits within box x box keeping the aspect ratio; never larger than size."""
    width, height = size
    scale = min(1.0, box / width, box / height)
    return max(1, round(width * scale)), max(1, round(height * scale))
