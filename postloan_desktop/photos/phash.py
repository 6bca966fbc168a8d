"""Perceptual hash (ImageHash's DCT pHash, 64 bits) to find the same scene photographed or
saved again: resized, recompressed or slightly cropped copies stay within a few bits."""

from PIL import Image

NEAR_DUPLICATE_MAX_DISTANCE = 8
"""Hamming distance (of 64 bits) at or below which two photos count as near-identical."""


def hash_photo(image: Image.Image) -> str:
    """The 64-bit pHash of an already oriented image, as 16 hex digits."""
    import imagehash  # numpy and scipy load only when a photo is hashed

    return str(imagehash.phash(image))


def distance(a: str, b: str) -> int:
    """Number of differing bits between two hashes made by ``hash_photo``."""
    if len(a) != len(b):
        raise ValueError(f"hashes of different lengths: {a!r}, {b!r}")
    return (int(a, 16) ^ int(b, 16)).bit_count()
