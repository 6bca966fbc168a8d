import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from postloan_desktop.photos.pipeline import make_renditions, process_photo
from postloan_desktop.photos.reading import PhotoRejected


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def red_is_on_top(image: Image.Image) -> bool:
    """The test scene's red block is left of centre; after a 90° turn it is on top."""
    rgb = image.convert("RGB")
    w, h = rgb.size
    top = rgb.crop((0, 0, w, h // 2))
    bottom = rgb.crop((0, h // 2, w, h))

    def red(part: Image.Image) -> int:
        data = part.tobytes()
        return sum(
            1
            for i in range(0, len(data), 3)
            if data[i] > 150 and data[i + 1] < 90 and data[i + 2] < 90
        )

    return red(top) > red(bottom)


def test_large_photo_gives_report_and_thumbnail_within_bounds(
    jpeg: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = jpeg(size=(4000, 3000))
    opened: list[Any] = []
    real_open = Image.open

    def counting_open(*args: Any, **kwargs: Any) -> Any:
        opened.append(args[0])
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    processed = process_photo(path)
    monkeypatch.undo()

    assert len(opened) == 1  # one open, one decode serves hash, EXIF and both renditions
    renditions = processed.renditions
    assert processed.info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert renditions.report_size == (1500, 1125)  # decoded at 3/8: no resize needed
    assert max(renditions.thumb_size) == 320
    report = decoded(renditions.report_jpeg)
    thumb = decoded(renditions.thumbnail_jpeg)
    assert (report.format, report.mode, report.size) == ("JPEG", "RGB", (1500, 1125))
    assert (thumb.mode, thumb.size) == ("RGB", renditions.thumb_size)


def test_small_photo_is_not_enlarged(jpeg: Callable[..., Path]) -> None:
    renditions = make_renditions(jpeg(size=(400, 300)))
    assert renditions.report_size == (400, 300)
    assert renditions.thumb_size == (320, 240)


def test_orientation_6_renditions_are_upright_and_carry_no_exif(
    jpeg: Callable[..., Path],
) -> None:
    path = jpeg(size=(800, 600), orientation=6, gps=(30.59, 114.30), make="HUAWEI")
    renditions = make_renditions(path)
    assert renditions.report_size == (600, 800)
    report = decoded(renditions.report_jpeg)
    assert report.size == (600, 800)
    assert red_is_on_top(report)  # stored sideways, shown as the camera saw it
    for data in (renditions.report_jpeg, renditions.thumbnail_jpeg):
        exif = decoded(data).getexif()
        assert len(exif) == 0 and not exif.get_ifd(0x8825)


def test_user_rotation_turns_clockwise_after_orientation(jpeg: Callable[..., Path]) -> None:
    path = jpeg(size=(800, 600))
    assert not red_is_on_top(decoded(make_renditions(path).report_jpeg))
    turned = make_renditions(path, rotation=90)
    assert turned.report_size == (600, 800)
    assert red_is_on_top(decoded(turned.report_jpeg))
    assert make_renditions(path, rotation=180).report_size == (800, 600)
    with pytest.raises(ValueError):
        make_renditions(path, rotation=45)


@pytest.mark.parametrize("mode", ["RGBA", "P", "L", "CMYK", "LA"])
def test_other_modes_become_rgb(tmp_path: Path, mode: str) -> None:
    path = tmp_path / ("img.jpg" if mode in ("L", "CMYK") else "img.png")
    image = Image.new("RGBA", (50, 40), (255, 0, 0, 0))
    image.paste((0, 0, 255, 255), (0, 0, 25, 40))
    image.convert(mode).save(path)
    renditions = make_renditions(path)
    report = decoded(renditions.report_jpeg)
    assert (report.mode, report.size) == ("RGB", (50, 40))
    if mode in ("RGBA", "LA"):
        pixel = report.convert("RGB").getpixel((45, 20))
        assert isinstance(pixel, tuple)
        r, g, b = pixel[:3]
        assert min(r, g, b) > 240  # transparent flattened onto white, not black


def test_truncated_jpeg_is_rejected(jpeg: Callable[..., Path]) -> None:
    path = jpeg(size=(800, 600))
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(PhotoRejected) as caught:
        make_renditions(path)
    assert caught.value.reason == "corrupt"


@pytest.mark.parametrize("optimize", [False, True])
def test_encoding_through_a_scratch_file_gives_the_same_bytes(optimize: bool) -> None:
    """Renditions are encoded into an in-memory file (so that Pillow lets go of the GIL):
    the bytes are exactly what encoding into memory gives."""
    from postloan_desktop.photos.renditions import QUALITY, _jpeg

    picture = Image.effect_noise((900, 700), 50).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=QUALITY, optimize=optimize)
    assert _jpeg(picture, optimize=optimize) == buffer.getvalue()
