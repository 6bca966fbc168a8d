"""The one door through which the photos package opens an image file.

Pillow refuses images above ``2 * Image.MAX_IMAGE_PIXELS`` (about 179 megapixels) when it
reads the header, which would reject a genuine 200-megapixel phone photo. We do our own
check against ``max_pixels`` before anything is decoded, so while the header is read the
Pillow limit is raised to ours under a lock and put back right after.
"""

import threading
import warnings
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from postloan_desktop.domain.errors import InvalidInput

DEFAULT_MAX_PIXELS = 250_000_000
FORMATS = ("JPEG", "PNG", "WEBP", "TIFF")
REASONS = ("empty", "not_an_image", "corrupt", "too_large", "unreadable")

_limit_lock = threading.Lock()


class PhotoRejected(InvalidInput):
    """A file cannot be used as a photo; ``reason`` is one of ``REASONS``."""

    def __init__(self, path: Path, reason: str, message: str) -> None:
        super().__init__(f"{path.name}: {message}")
        self.path = path
        self.reason = reason


def open_image(path: Path, *, max_pixels: int) -> ImageFile.ImageFile:
    """Open ``path`` lazily (header only) after checking it is a non-empty image of at most
    ``max_pixels`` pixels. The caller closes the image and catches decode errors."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PhotoRejected(path, "unreadable", f"cannot read the file ({exc.strerror})") from exc
    if size == 0:
        raise PhotoRejected(path, "empty", "the file is empty (0 bytes)")
    with _limit_lock:
        saved = Image.MAX_IMAGE_PIXELS
        if saved is not None:
            Image.MAX_IMAGE_PIXELS = max(saved, max_pixels)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = Image.open(path, formats=FORMATS)
        except UnidentifiedImageError as exc:
            raise PhotoRejected(
                path, "not_an_image", "not a JPEG, PNG, WebP or TIFF image"
            ) from exc
        except Image.DecompressionBombError as exc:
            raise PhotoRejected(path, "too_large", "the image has too many pixels") from exc
        except (SyntaxError, ValueError) as exc:
            raise PhotoRejected(path, "corrupt", "the image header is damaged") from exc
        except OSError as exc:
            raise PhotoRejected(
                path, "unreadable", f"cannot read the file ({exc.strerror or exc})"
            ) from exc
        finally:
            Image.MAX_IMAGE_PIXELS = saved
    width, height = image.size
    if width <= 0 or height <= 0:
        image.close()
        raise PhotoRejected(path, "corrupt", "the image has no pixels")
    if width * height > max_pixels:
        image.close()
        raise PhotoRejected(
            path,
            "too_large",
            f"the image is {width}x{height} pixels ({width * height / 1e6:.0f} megapixels), "
            f"more than the limit of {max_pixels / 1e6:.0f} megapixels",
        )
    return image


DECODE_ERRORS = (OSError, SyntaxError, ValueError, Image.DecompressionBombError)
