"""What the photo codes mean, in the user's language: provenance warnings, the reasons a file
was refused and what to do about it, sizes and the link of a photo."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from postloan_desktop.services.photos import PhotoRecord
from postloan_desktop.ui import labels

translate = QCoreApplication.translate  # lupdate reads translate("Photos", "…") calls


def warning_text(code: str, photo: PhotoRecord | None = None, *, radius_m: float = 1000) -> str:
    """One sentence for a provenance warning code."""
    if code == "capture_time_missing":
        return translate("Photos", "No capture time: the photo may not be the camera's original.")
    if code == "capture_time_not_on_inspection_date":
        day = photo.captured_local.date().isoformat() if photo and photo.captured_local else "?"
        return labels.fmt(
            translate("Photos", "Taken on %1, not on the day of the inspection."), day
        )
    if code == "date_before_2000":
        return translate(
            "Photos", "Capture time before 2000: the camera's clock is probably wrong."
        )
    if code == "date_in_future":
        return translate(
            "Photos", "Capture time in the future: the camera's clock is probably wrong."
        )
    if code == "gps_missing":
        return translate(
            "Photos", "No GPS position: location services were off or the file was copied."
        )
    if code == "gps_zero":
        return translate("Photos", "GPS position 0, 0: the camera had no fix.")
    if code == "gps_invalid":
        return translate("Photos", "The GPS position in the file is not valid.")
    if code == "gps_far_from_site":
        return labels.fmt(
            translate(
                "Photos", "Taken more than %1 m from the borrower's or the collateral's address."
            ),
            f"{radius_m:,.0f}",
        )
    if code == "reused_identical":
        return translate("Photos", "The same file is attached to an earlier inspection: reused?")
    if code == "reused_near_identical":
        return translate(
            "Photos", "Nearly the same picture is attached to an earlier inspection: reused?"
        )
    if code == "edited_by_software":
        software = photo.software if photo and photo.software else "?"
        return labels.fmt(translate("Photos", "Edited with software (%1)."), software)
    return code


def warning_short(code: str) -> str:
    """A few words for a warning, for the thumbnail's badge and lists."""
    texts = {
        "capture_time_missing": translate("Photos", "no capture time"),
        "capture_time_not_on_inspection_date": translate("Photos", "not taken on the day"),
        "date_before_2000": translate("Photos", "clock wrong"),
        "date_in_future": translate("Photos", "clock wrong"),
        "gps_missing": translate("Photos", "no GPS"),
        "gps_zero": translate("Photos", "GPS 0, 0"),
        "gps_invalid": translate("Photos", "GPS invalid"),
        "gps_far_from_site": translate("Photos", "far from the site"),
        "reused_identical": translate("Photos", "reused"),
        "reused_near_identical": translate("Photos", "probably reused"),
        "edited_by_software": translate("Photos", "edited"),
    }
    return texts.get(code, code)


def rejection_text(reason: str) -> tuple[str, str]:
    """(what is wrong with the file, what to do) for an import problem's reason code."""
    if reason == "empty":
        return translate("Photos", "The file is empty (0 bytes)."), translate(
            "Photos", "Copy the photo from the camera or phone again."
        )
    if reason == "not_an_image":
        return translate("Photos", "Not a picture file."), translate(
            "Photos", "Only JPEG, PNG, HEIC, WebP and TIFF photos can be imported."
        )
    if reason == "corrupt":
        return translate("Photos", "The picture is damaged or incomplete."), translate(
            "Photos",
            "Copy it from the camera or phone again; if that does not help, take it again.",
        )
    if reason == "too_large":
        return translate(
            "Photos", "The picture has too many pixels (more than 250 megapixels)."
        ), translate("Photos", "Save it at a smaller size on the phone or camera, then import it.")
    if reason == "unreadable":
        return translate("Photos", "The file cannot be read (memory card pulled out?)."), translate(
            "Photos", "Check that the card or phone is still connected, then import again."
        )
    if reason == "storage":
        return translate(
            "Photos", "The photo could not be saved: the disk is full or cannot be written."
        ), translate(
            "Photos",
            "Free some disk space, then import the remaining photos again. "
            "The photos already imported are kept.",
        )
    if reason == "duplicate":
        return translate(
            "Photos", "The same file as another one of this import, which was not imported."
        ), translate("Photos", "See the other file's line.")
    if reason == "error":
        return translate("Photos", "The inspection can no longer take photos."), translate(
            "Photos",
            "It was submitted, or you may not change it. Check its status and who you are.",
        )
    return translate("Photos", "The photo is not valid."), translate(
        "Photos", "Check the file, then try again."
    )


def file_size(size_bytes: int) -> str:
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.1f} MB"
    if size_bytes >= 1024:
        return f"{size_bytes / 1024:.0f} KB"
    return f"{size_bytes} B"


def coordinates(gps: tuple[float, float]) -> str:
    """Decimal degrees with the hemispheres: 30.59312° N, 114.30521° E (北纬 30.59312°，…)."""
    lat, lon = gps
    return labels.fmt(
        translate("Photos", "%1 %2, %3 %4"),
        f"{abs(lat):.5f}°",
        translate("Photos", "N") if lat >= 0 else translate("Photos", "S"),
        f"{abs(lon):.5f}°",
        translate("Photos", "E") if lon >= 0 else translate("Photos", "W"),
    )


def map_url(gps: tuple[float, float]) -> str:
    lat, lon = gps
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map=17/{lat:.6f}/{lon:.6f}"
    )
