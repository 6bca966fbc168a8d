import pytest
from PIL import Image

from postloan_desktop.photos.phash import NEAR_DUPLICATE_MAX_DISTANCE, distance, hash_photo

from .conftest import scene


def test_same_picture_resized_and_recompressed_is_near_identical() -> None:
    import io

    original = scene((1200, 900))
    buffer = io.BytesIO()
    original.resize((400, 300)).save(buffer, "JPEG", quality=60)
    copy = Image.open(buffer)
    assert distance(hash_photo(original), hash_photo(copy)) <= NEAR_DUPLICATE_MAX_DISTANCE


def test_different_picture_is_far() -> None:
    a = hash_photo(scene((800, 600), variant=0))
    b = hash_photo(scene((800, 600), variant=1))
    assert distance(a, b) > NEAR_DUPLICATE_MAX_DISTANCE


def test_hash_is_16_hex_digits_and_distance_to_itself_is_zero() -> None:
    h = hash_photo(scene())
    assert len(h) == 16 and int(h, 16) >= 0
    assert distance(h, h) == 0
    assert distance("0000000000000000", "000000000000000f") == 4
    with pytest.raises(ValueError):
        distance(h, h + "00")


@pytest.mark.parametrize("variant", range(6))
@pytest.mark.parametrize("size", [(800, 600), (333, 1000), (1600, 1200)])
def test_same_bits_as_imagehash(size: tuple[int, int], variant: int) -> None:
    """The NumPy DCT gives ImageHash's pHash bit for bit (its SciPy DCT is the reference)."""
    import imagehash

    picture = scene(size, variant=variant)
    assert hash_photo(picture) == str(imagehash.phash(picture))


def test_same_bits_as_imagehash_on_noise_and_flat_pictures() -> None:
    import imagehash

    noise = Image.effect_noise((640, 480), 60).convert("RGB")
    flat = Image.new("RGB", (640, 480), (120, 130, 140))
    gradient = Image.linear_gradient("L").resize((640, 480))
    for picture in (noise, flat, gradient):
        assert hash_photo(picture) == str(imagehash.phash(picture))
