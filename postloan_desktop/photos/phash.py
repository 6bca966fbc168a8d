"""Perceptual hash to find the same scene photographed or saved again: resized, recompressed
or slightly cropped copies stay within a few bits.

This is the DCT pHash of ImageHash (``imagehash.phash``: greyscale, 32×32 Lanczos, 2-D
DCT-II, the 8×8 lowest frequencies against their median), with the same bits and the same
hex form; ``tests/photos/test_phash.py`` compares the two on varied pictures. ImageHash
takes its DCT from SciPy, and importing ``scipy.fftpack`` costs about half a second on the
first photo of a session, during which every import worker waits on the import lock. Only
the 8 lowest frequencies are needed, and for them the DCT of a 32×32 block is two small
matrix products, so this takes it from NumPy alone.
"""

from functools import cache
from typing import TYPE_CHECKING

from PIL import Image

if TYPE_CHECKING:
    import numpy as np

NEAR_DUPLICATE_MAX_DISTANCE = 8
"""Hamming distance (of 64 bits) at or below which two photos count as near-identical."""

HASH_SIZE = 8
_SAMPLE = HASH_SIZE * 4  # ImageHash's highfreq_factor


@cache
def _dct_rows() -> "np.ndarray":
    """The first HASH_SIZE rows of the unnormalised DCT-II matrix of size _SAMPLE (SciPy's
    ``dct(type=2, norm=None)``: 2·cos(π·k·(2n+1) / 2N))."""
    import numpy as np

    k = np.arange(HASH_SIZE)[:, None]
    n = np.arange(_SAMPLE)[None, :]
    return 2.0 * np.cos(np.pi * k * (2 * n + 1) / (2 * _SAMPLE))


def hash_photo(image: Image.Image) -> str:
    """The 64-bit pHash of an already oriented image, as 16 hex digits."""
    import numpy as np  # loads only when a photo is hashed

    small = image.convert("L").resize((_SAMPLE, _SAMPLE), Image.Resampling.LANCZOS)
    pixels = np.asarray(small, dtype=np.float64)
    rows = _dct_rows()
    low = rows @ pixels @ rows.T  # DCT along the columns, then along the rows
    # A picture flat in one direction has coefficients that are zero in exact arithmetic;
    # rounding far above float noise (values reach ~1e6) keeps those ties exact, as SciPy's.
    low = np.round(low, 6)
    bits = (low > np.median(low)).flatten()
    return f"{int(''.join('1' if b else '0' for b in bits), 2):016x}"


def distance(a: str, b: str) -> int:
    """Number of differing bits between two hashes made by ``hash_photo``."""
    if len(a) != len(b):
        raise ValueError(f"hashes of different lengths: {a!r}, {b!r}")
    return (int(a, 16) ^ int(b, 16)).bit_count()
