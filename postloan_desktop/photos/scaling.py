"""Decode a JPEG straight at the size the report needs: libjpeg's DCT scaling.

libjpeg(-turbo) decodes at M/8 of the stored size for M = 1…8 by scaling inside its inverse
DCT, which costs less than a full decode and is sharper than resampling afterwards. Pillow's
public ``Image.draft`` offers only 1/2, 1/4 and 1/8; a 12-megapixel photo (4000×3000) then
decodes at 2000×1500 and still needs a resize to 1600 px — on a laptop CPU that resize costs
as much as the decode. At 3/8 it decodes at 1500×1125 and needs none.

``decode_eighths`` picks M: the largest whose long edge fits within the report edge, as long
as that keeps at least 85 % of it; otherwise the smallest that covers the edge (a small
resize follows). ``draft_jpeg`` sets it on an opened JPEG. Pillow passes ``decoderconfig``'s
scale to libjpeg as the denominator of 1/n, which libjpeg-turbo rounds up to M/8 with
M = ⌈8/n⌉: n = 3 gives 3/8. This touches three private attributes of Pillow's JPEG plugin
(``tile``, ``_size``, ``decoderconfig`` — what its own ``draft`` sets), so Pillow is pinned
below 13 and ``tests/photos/test_scaling.py`` checks the decoded size against libjpeg's
rounding for every M; if the plugin ever looks different, the full size is decoded instead.
"""

import math

from PIL import Image, ImageFile

EIGHTHS = (8, 4, 3, 2, 1)
_DENOMINATOR = {8: 1, 4: 2, 3: 3, 2: 4, 1: 8}  # 1/n that libjpeg rounds up to M/8
CLOSE_ENOUGH = 0.85


def scaled_size(size: tuple[int, int], eighths: int) -> tuple[int, int]:
    """libjpeg's output size at ``eighths``/8: each side rounded up."""
    width, height = size
    return (math.ceil(width * eighths / 8), math.ceil(height * eighths / 8))


def decode_eighths(size: tuple[int, int], edge: int) -> int:
    """The M (of M/8) to decode a photo of ``size`` at for a rendition of long edge ≤ ``edge``."""
    long_edge = max(size)
    if long_edge <= edge:
        return 8
    fitting = [m for m in EIGHTHS if math.ceil(long_edge * m / 8) <= edge]
    if fitting and math.ceil(long_edge * fitting[0] / 8) >= CLOSE_ENOUGH * edge:
        return fitting[0]
    covering = [m for m in EIGHTHS if math.ceil(long_edge * m / 8) >= edge]
    return covering[-1] if covering else 1


def draft_jpeg(image: Image.Image, eighths: int) -> bool:
    """Make an opened, not yet loaded JPEG decode at ``eighths``/8 of its size. False (and
    nothing changed) for other formats or when Pillow's plugin is not as expected."""
    if eighths == 8 or image.format != "JPEG" or not isinstance(image, ImageFile.ImageFile):
        return False
    if len(image.tile) != 1 or getattr(image, "decoderconfig", None):
        return False
    tile = image.tile[0]
    if tile.codec_name != "jpeg" or tile.extents != (0, 0, *image.size):
        return False
    out = scaled_size(image.size, eighths)
    image.tile = [ImageFile._Tile(tile.codec_name, (0, 0, *out), tile.offset, tile.args)]
    image._size = out
    image.decoderconfig = (_DENOMINATOR[eighths], 0)
    return True
