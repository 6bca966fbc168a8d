"""The one door through which the photos package opens an image file.

HEIC/HEIF (iPhones, many Android phones) is read with pi-heif, the decode-only build of
pillow-heif (BSD-3-Clause, with LGPL libheif and libde265; no HEVC encoder is shipped). It is
registered the first time a photo is opened, so start-up does not pay for it; without it,
HEIC files are refused with a clear message.

Pillow refuses images above ``2 * Image.MAX_IMAGE_PIXELS`` (about 179 megapixels) when it
reads the header, which would reject a genuine 200-megapixel phone photo. We do our own
check against ``max_pixels`` before anything is decoded, so while the header is read the
Pillow limit is raised to ours under a lock and put back right after.
"""

import io
import threading
import warnings
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from postloan_desktop.domain.errors import InvalidInput

DEFAULT_MAX_PIXELS = 250_000_000
FORMATS = ("JPEG", "PNG", "WEBP", "TIFF", "HEIF")
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif")
REASONS = ("empty", "not_an_image", "corrupt", "too_large", "unreadable")

_limit_lock = threading.Lock()
_heif_registered: bool | None = None  # None: not tried yet; False: pi-heif is missing


def heif_available() -> bool:
    """Register the HEIF opener once; False when pi-heif is not installed."""
    global _heif_registered
    if _heif_registered is None:
        try:
            import pi_heif

            pi_heif.register_heif_opener()
            _heif_registered = True
        except ImportError:
            _heif_registered = False
    return _heif_registered


class PhotoRejected(InvalidInput):
    """A file cannot be used as a photo; ``reason`` is one of ``REASONS``."""

    def __init__(self, path: Path, reason: str, message: str) -> None:
        super().__init__(f"{path.name}: {message}")
        self.path = path
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type["PhotoRejected"], tuple[Path, str, str]]:
        # Crosses the process boundary of the HEIC decoder (photos.pipeline).
        return (type(self), (self.path, self.reason, self.message))


def require_heif(path: Path) -> None:
    if not heif_available():
        raise PhotoRejected(
            path, "not_an_image", "HEIC photos need the pi-heif package, which is not installed"
        )


def looks_like_heif(path: Path, data: bytes | None = None) -> bool:
    """An ISO media file (HEIC, HEIF, AVIF, or a video misnamed .jpg) by its first box, or a
    .heic/.heif name when the bytes are not at hand."""
    if data is not None:
        return data[4:8] == b"ftyp"
    return path.suffix.lower() in (".heic", ".heif")


def read_bytes(path: Path) -> bytes:
    """The whole file, read once: what is hashed, decoded and stored are the same bytes even
    if the card is pulled out or the file is replaced meanwhile."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PhotoRejected(
            path, "unreadable", f"cannot read the file ({exc.strerror or exc})"
        ) from exc


# How JPEG, PNG, TIFF, WebP and HEIC files begin: one that does yet cannot be opened is damaged.
_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


def _starts_like_an_image(path: Path, data: bytes | None, *, heif: bool) -> bool:
    if data is None:
        try:
            with path.open("rb") as stream:
                data = stream.read(12)
        except OSError:
            return False
    return (
        data.startswith(_SIGNATURES)
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or (heif and data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS)
    )


def open_image(path: Path, *, max_pixels: int, data: bytes | None = None) -> ImageFile.ImageFile:
    """Open ``path`` (or its bytes ``data``, already read) lazily, header only, after checking
    it is a non-empty image of at most ``max_pixels`` pixels. The caller closes the image and
    catches decode errors."""
    if data is None:
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise PhotoRejected(
                path, "unreadable", f"cannot read the file ({exc.strerror})"
            ) from exc
    else:
        size = len(data)
    if size == 0:
        raise PhotoRejected(path, "empty", "the file is empty (0 bytes)")
    if looks_like_heif(path, data):
        require_heif(path)
    heif = heif_available()
    with _limit_lock:
        saved = Image.MAX_IMAGE_PIXELS
        if saved is not None:
            Image.MAX_IMAGE_PIXELS = max(saved, max_pixels)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                source = path if data is None else io.BytesIO(data)
                image = Image.open(source, formats=FORMATS)
        except UnidentifiedImageError as exc:
            if _starts_like_an_image(path, data, heif=heif):
                raise PhotoRejected(path, "corrupt", "the image header is damaged") from exc
            raise PhotoRejected(
                path, "not_an_image", "not a JPEG, PNG, HEIC, WebP or TIFF image"
            ) from exc
        except Image.DecompressionBombError as exc:
            raise PhotoRejected(path, "too_large", "the image has too many pixels") from exc
        except (SyntaxError, ValueError) as exc:
            raise PhotoRejected(path, "corrupt", "the image header is damaged") from exc
        except OSError as exc:
            if exc.errno is None:  # Pillow's "Truncated File Read": the bytes, not the disk
                raise PhotoRejected(
                    path, "corrupt", f"the image header is damaged ({exc})"
                ) from exc
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


# EOFError: pi-heif's "Unexpected end of file" for a damaged HEIC (not an OSError).
DECODE_ERRORS = (OSError, EOFError, SyntaxError, ValueError, Image.DecompressionBombError)
