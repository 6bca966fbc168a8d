"""JPEGs decode at the DCT scale the report needs: libjpeg's M/8 scaling through Pillow."""

import io

import pytest
from PIL import Image

from postloan_desktop.photos.pipeline import process_photo
from postloan_desktop.photos.renditions import REPORT_EDGE
from postloan_desktop.photos.scaling import EIGHTHS, decode_eighths, draft_jpeg, scaled_size


def jpeg_bytes(size: tuple[int, int], **save: object) -> bytes:
    image = Image.new("RGB", size, (130, 60, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **save)
    return buffer.getvalue()


@pytest.mark.parametrize("size", [(4001, 3001), (4000, 3000), (333, 257), (17, 9)])
@pytest.mark.parametrize("eighths", EIGHTHS)
@pytest.mark.parametrize("kind", ["baseline", "progressive"])
def test_the_decoded_size_is_libjpegs_for_every_scale(
    size: tuple[int, int], eighths: int, kind: str
) -> None:
    data = jpeg_bytes(size, progressive=kind == "progressive")
    with Image.open(io.BytesIO(data)) as image:
        assert draft_jpeg(image, eighths) is (eighths != 8)
        image.load()
        assert image.size == scaled_size(size, eighths)
        middle = image.getpixel((image.width // 2, image.height // 2))
        assert isinstance(middle, tuple)
        assert all(abs(a - b) < 12 for a, b in zip(middle, (130, 60, 200), strict=True))


def test_grey_and_cmyk_jpegs_scale_too() -> None:
    for mode in ("L", "CMYK"):
        buffer = io.BytesIO()
        Image.new(mode, (800, 600)).save(buffer, "JPEG")
        with Image.open(buffer) as image:
            assert draft_jpeg(image, 3)
            image.load()
            assert (image.mode, image.size) == (mode, (300, 225))


@pytest.mark.parametrize(
    ("size", "eighths", "decoded_long_edge"),
    [
        ((4000, 3000), 3, 1500),  # 12 MP: 3/8 fits and keeps 94 % of 1600 px: no resize
        ((3000, 4000), 3, 1500),
        ((4608, 3456), 3, 1728),  # 16 MP: 2/8 would give 1152 px, so 3/8 and a small resize
        ((8160, 6120), 2, 2040),  # 50 MP
        ((16320, 12240), 1, 2040),  # 200 MP: 1/8 is the least there is
        ((1600, 1200), 8, 1600),
        ((1200, 900), 8, 1200),  # small: never enlarged
    ],
)
def test_the_scale_chosen_for_the_report(
    size: tuple[int, int], eighths: int, decoded_long_edge: int
) -> None:
    assert decode_eighths(size, REPORT_EDGE) == eighths
    assert max(scaled_size(size, eighths)) == decoded_long_edge


def test_other_formats_are_left_to_decode_at_full_size() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48)).save(buffer, "PNG")
    with Image.open(buffer) as image:
        assert not draft_jpeg(image, 3)
        image.load()
        assert image.size == (64, 48)


def test_a_12_megapixel_photo_gives_a_1500_pixel_report_without_resampling(
    tmp_path: object,
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    path = tmp_path / "p.jpg"
    path.write_bytes(jpeg_bytes((4000, 3000), quality=80))
    renditions = process_photo(path).renditions
    assert renditions.report_size == (1500, 1125)
    assert renditions.thumb_size == (320, 240)
