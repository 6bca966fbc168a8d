"""Editing an inspection's photos: caption, link to a checklist item or a collateral item,
rotate (renditions rebuilt, the original never touched), remove (blobs go unless another
record names them); all refused on a submitted inspection and to anyone but the branch's
inspectors."""

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from postloan_desktop.domain.errors import InvalidInput, NotAllowed, NotFound
from postloan_desktop.domain.ids import UserId
from postloan_desktop.services.photos import PhotoRecord
from postloan_desktop.storage.models import Collateral, UserRole

from .conftest import (
    HEIC,
    NOW,
    UPRIGHT,
    Setting,
    answer_everything,
    corners,
    decode,
    make_exif,
    marked,
    numbered,
    other_loans_inspection,
    stored_as,
)


@pytest.fixture
def landscape(photo_setting: Setting, tmp_path: Path) -> PhotoRecord:
    """A 480x320 photo (red block top-left, green top-right) in the inspection, stored
    sideways by a phone held upright (EXIF orientation 6)."""
    path = tmp_path / "IMG_0500.JPG"
    stored = stored_as(marked((96, 64)), 6).resize((320, 480), Image.Resampling.NEAREST)
    exif = make_exif(taken=NOW, gps=photo_setting.site, orientation=6)
    stored.save(path, quality=92, exif=exif)
    s = photo_setting
    return s.service.import_file(inspection_id=s.inspection, path=path, actor_id=s.inspector).photo


def add(s: Setting, folder: Path, number: int, **kwargs: object) -> PhotoRecord:
    path = folder / f"IMG_{number:04d}.JPG"
    numbered(number).save(path, quality=90, exif=make_exif(taken=NOW, gps=s.site))
    return s.service.import_file(
        inspection_id=s.inspection,
        path=path,
        actor_id=s.inspector,
        **kwargs,  # type: ignore[arg-type]
    ).photo


# --- caption and links ---------------------------------------------------------------------


def test_caption_is_trimmed_and_at_most_500_characters(
    photo_setting: Setting, landscape: PhotoRecord
) -> None:
    s = photo_setting
    record = s.service.set_caption(
        photo_id=landscape.id, caption="  仓库货物堆放整齐，与账面一致  \n", actor_id=s.inspector
    )
    assert record.caption == "仓库货物堆放整齐，与账面一致"
    assert s.service.photo(landscape.id).caption == "仓库货物堆放整齐，与账面一致"
    longest = "货" * 500
    assert (
        s.service.set_caption(
            photo_id=landscape.id, caption=f" {longest} ", actor_id=s.inspector
        ).caption
        == longest
    )
    with pytest.raises(InvalidInput, match="500"):
        s.service.set_caption(photo_id=landscape.id, caption=longest + "物", actor_id=s.inspector)
    assert s.service.photo(landscape.id).caption == longest  # the refused one changed nothing
    cleared = s.service.set_caption(photo_id=landscape.id, caption="   ", actor_id=s.inspector)
    assert cleared.caption == ""


def test_link_and_unlink_to_an_item_and_to_collateral(
    photo_setting: Setting, landscape: PhotoRecord
) -> None:
    s = photo_setting
    linked = s.service.link(
        photo_id=landscape.id,
        actor_id=s.inspector,
        item_key="collateral_present",
        collateral_id=s.collateral_id,
    )
    assert (linked.item_key, linked.collateral_id) == ("collateral_present", s.collateral_id)
    stored = s.service.photo(landscape.id)
    assert (stored.item_key, stored.collateral_id) == ("collateral_present", s.collateral_id)

    only_item = s.service.link(
        photo_id=landscape.id, actor_id=s.inspector, item_key="site_visit", collateral_id=None
    )
    assert (only_item.item_key, only_item.collateral_id) == ("site_visit", None)
    unlinked = s.service.link(
        photo_id=landscape.id, actor_id=s.inspector, item_key="", collateral_id=None
    )
    assert (unlinked.item_key, unlinked.collateral_id) == (None, None)


def test_another_loans_collateral_cannot_be_linked(
    photo_setting: Setting, landscape: PhotoRecord
) -> None:
    s = photo_setting
    s.service.link(
        photo_id=landscape.id, actor_id=s.inspector, item_key="a", collateral_id=s.collateral_id
    )
    with s.sessions() as session:
        foreign = session.execute(
            select(Collateral.id).where(Collateral.loan_id != s.loan_id).limit(1)
        ).scalar_one()
    with pytest.raises(NotFound):
        s.service.link(
            photo_id=landscape.id, actor_id=s.inspector, item_key="b", collateral_id=foreign
        )
    stored = s.service.photo(landscape.id)
    assert (stored.item_key, stored.collateral_id) == ("a", s.collateral_id)


def test_counts_by_item(photo_setting: Setting, tmp_path: Path) -> None:
    s = photo_setting
    premises = [add(s, tmp_path, n, item_key="business_premises") for n in range(3)]
    stock = add(s, tmp_path, 3)
    add(s, tmp_path, 4)  # not linked to any item
    assert s.service.counts_by_item(s.inspection) == {"business_premises": 3}
    s.service.link(photo_id=stock.id, actor_id=s.inspector, item_key="stock", collateral_id=None)
    s.service.link(photo_id=premises[0].id, actor_id=s.inspector, item_key=None, collateral_id=None)
    assert s.service.counts_by_item(s.inspection) == {"business_premises": 2, "stock": 1}


# --- rotate --------------------------------------------------------------------------------


def test_rotate_rebuilds_the_renditions_and_never_touches_the_original(
    photo_setting: Setting, landscape: PhotoRecord
) -> None:
    s = photo_setting
    original = s.blobs.read(landscape.sha256)
    assert corners(decode(s.blobs.read(landscape.report_sha256))) == UPRIGHT

    turned = s.service.rotate(photo_id=landscape.id, actor_id=s.inspector)
    assert (turned.rotation, turned.width, turned.height) == (90, 320, 480)
    assert turned.sha256 == landscape.sha256
    assert turned.thumb_sha256 != landscape.thumb_sha256
    assert turned.report_sha256 != landscape.report_sha256
    report = decode(s.blobs.read(turned.report_sha256))
    thumb = decode(s.blobs.read(turned.thumb_sha256))
    assert report.size == (320, 480) and thumb.size == (213, 320)
    assert corners(report) == ("grey", "red", "grey", "green")  # turned a quarter clockwise
    assert corners(thumb) == ("grey", "red", "grey", "green")
    assert s.blobs.read(turned.sha256) == original
    assert hashlib.sha256(original).hexdigest() == turned.sha256 and s.blobs.verify(turned.sha256)
    assert not s.blobs.exists(landscape.report_sha256)  # named by nothing any more
    assert not s.blobs.exists(landscape.thumb_sha256)
    assert s.service.photo(landscape.id) == turned
    s.assert_consistent()


def test_four_quarter_turns_give_back_the_first_renditions(
    photo_setting: Setting, landscape: PhotoRecord
) -> None:
    s = photo_setting
    seen = set()
    record = landscape
    for _ in range(4):
        record = s.service.rotate(photo_id=landscape.id, actor_id=s.inspector)
        seen.add(record.thumb_sha256)
    assert len(seen) == 4
    assert (record.rotation, record.width, record.height) == (0, 480, 320)
    assert (record.report_sha256, record.thumb_sha256) == (
        landscape.report_sha256,
        landscape.thumb_sha256,
    )
    left = s.service.rotate(photo_id=landscape.id, actor_id=s.inspector, clockwise=-90)
    assert (left.rotation, left.width, left.height) == (270, 320, 480)
    assert corners(decode(s.blobs.read(left.report_sha256))) == ("green", "grey", "red", "grey")
    with pytest.raises(InvalidInput):
        s.service.rotate(photo_id=landscape.id, actor_id=s.inspector, clockwise=45)
    assert s.service.photo(landscape.id).rotation == 270
    s.assert_consistent()


def test_a_heic_photo_turns_too(photo_setting: Setting) -> None:
    s = photo_setting
    photo = s.service.import_file(inspection_id=s.inspection, path=HEIC, actor_id=s.inspector)
    turned = s.service.rotate(photo_id=photo.photo.id, actor_id=s.inspector)
    assert (turned.width, turned.height) == (640, 480)
    assert decode(s.blobs.read(turned.report_sha256)).size == (640, 480)
    s.assert_consistent()


def test_rotating_keeps_renditions_another_photo_still_uses(
    photo_setting: Setting, tmp_path: Path
) -> None:
    """Two files with the same pixels (the second with a caption written into its EXIF by
    the phone) have different originals but the very same renditions."""
    s = photo_setting
    picture = numbered(7)
    first, second = tmp_path / "a.jpg", tmp_path / "b.jpg"
    picture.save(first, quality=90, exif=make_exif(taken=NOW, gps=s.site))
    picture.save(second, quality=90, exif=make_exif(taken=NOW, gps=s.site, make="HONOR"))
    one = s.service.import_file(inspection_id=s.inspection, path=first, actor_id=s.inspector)
    two = s.service.import_file(inspection_id=s.inspection, path=second, actor_id=s.inspector)
    assert one.photo.sha256 != two.photo.sha256
    assert one.photo.thumb_sha256 == two.photo.thumb_sha256

    s.service.rotate(photo_id=one.photo.id, actor_id=s.inspector)
    assert s.blobs.exists(two.photo.thumb_sha256) and s.blobs.exists(two.photo.report_sha256)
    s.service.remove(photo_id=two.photo.id, actor_id=s.inspector)
    assert not s.blobs.exists(two.photo.thumb_sha256)
    s.assert_consistent()


# --- remove --------------------------------------------------------------------------------


def test_remove_takes_the_record_and_its_blobs(
    photo_setting: Setting, landscape: PhotoRecord, tmp_path: Path
) -> None:
    s = photo_setting
    kept = add(s, tmp_path, 1)
    s.service.remove(photo_id=landscape.id, actor_id=s.inspector)
    assert [p.id for p in s.service.photos(s.inspection)] == [kept.id]
    with pytest.raises(NotFound):
        s.service.photo(landscape.id)
    for digest in (landscape.sha256, landscape.report_sha256, landscape.thumb_sha256):
        assert not s.blobs.exists(digest)
    s.assert_consistent()


def test_remove_keeps_an_original_another_inspection_uses(
    photo_setting: Setting, tmp_path: Path
) -> None:
    s = photo_setting
    path = tmp_path / "IMG_0600.JPG"
    numbered(6).save(path, quality=90, exif=make_exif(taken=NOW, gps=s.site))
    other, other_inspector = other_loans_inspection(s)
    theirs = s.service.import_file(inspection_id=other, path=path, actor_id=other_inspector)
    ours = s.service.import_file(inspection_id=s.inspection, path=path, actor_id=s.inspector)
    assert ours.photo.sha256 == theirs.photo.sha256 and not ours.duplicate
    s.service.rotate(photo_id=ours.photo.id, actor_id=s.inspector)

    s.service.remove(photo_id=ours.photo.id, actor_id=s.inspector)
    assert s.service.photos(s.inspection) == []
    assert s.blobs.read(theirs.photo.sha256) == path.read_bytes()
    assert s.blobs.exists(theirs.photo.report_sha256) and s.blobs.exists(theirs.photo.thumb_sha256)
    assert len(list(s.blobs)) == 3  # ours' turned renditions went with it
    s.assert_consistent()


# --- who and when --------------------------------------------------------------------------


def every_edit(s: Setting, photo: PhotoRecord, actor: UserId) -> list[Callable[[], object]]:
    return [
        lambda: s.service.set_caption(photo_id=photo.id, caption="x", actor_id=actor),
        lambda: s.service.link(
            photo_id=photo.id, actor_id=actor, item_key="x", collateral_id=s.collateral_id
        ),
        lambda: s.service.rotate(photo_id=photo.id, actor_id=actor),
        lambda: s.service.remove(photo_id=photo.id, actor_id=actor),
    ]


def test_a_submitted_inspections_photos_cannot_be_edited(
    photo_setting: Setting, landscape: PhotoRecord, tmp_path: Path
) -> None:
    s = photo_setting
    answer_everything(s, s.inspection)
    s.inspections.submit(inspection_id=s.inspection, actor_id=s.inspector)
    blobs = set(s.blobs)
    for edit in every_edit(s, landscape, s.inspector):
        with pytest.raises(NotAllowed, match="submitted"):
            edit()
    with pytest.raises(NotAllowed):
        add(s, tmp_path, 9)
    assert s.service.photo(landscape.id) == landscape
    assert set(s.blobs) == blobs  # not even a rotated rendition was left behind


def test_only_the_branchs_inspectors_edit_photos(
    photo_setting: Setting, landscape: PhotoRecord
) -> None:
    s = photo_setting
    with s.sessions() as session:
        stranger = (
            session.execute(
                select(UserRole.user_id).where(
                    UserRole.user_id.not_in(
                        select(UserRole.user_id).where(
                            UserRole.branch_id
                            == select(UserRole.branch_id)
                            .where(UserRole.user_id == s.inspector)
                            .limit(1)
                            .scalar_subquery()
                        )
                    )
                )
            )
            .scalars()
            .first()
        )
    assert stranger is not None
    blobs = set(s.blobs)
    for actor in (s.supervisor, UserId(stranger)):
        for edit in every_edit(s, landscape, actor):
            with pytest.raises(NotAllowed):
                edit()
    assert s.service.photo(landscape.id) == landscape
    assert set(s.blobs) == blobs
