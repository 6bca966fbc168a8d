"""The signature pad: strokes drawn with the mouse become a transparent, cropped PNG; undo,
redo and clear, from the keyboard and the buttons."""

import io

from PIL import Image
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from postloan_desktop.ui.signature_pad import (
    EXPORT_MARGIN,
    EXPORT_SCALE,
    MAX_WIDTH,
    MIN_WIDTH,
    SignatureBox,
    SignaturePad,
)


def make_pad(qtbot: QtBot) -> SignatureBox:
    box = SignatureBox()
    qtbot.add_widget(box)
    box.resize(600, 260)
    box.show()
    qtbot.wait_exposed(box)
    return box


def draw(qtbot: QtBot, pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    """Press at the first point, move through the others, release at the last."""
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(pad, left, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, left, pos=QPoint(*points[-1]))


ZIGZAG = [(40 + 12 * n, 120 + (30 if n % 2 else -30)) for n in range(20)]
LOOP = [(300 + n * 6, 80 + (n % 5) * 9) for n in range(15)]


def png_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_stroke_drawn_with_the_mouse_exports_as_a_transparent_cropped_png(qtbot: QtBot) -> None:
    box = make_pad(qtbot)
    pad = box.pad
    assert pad.is_empty() and pad.png() == b""
    assert not box.clear_button.isEnabled() and not box.undo_button.isEnabled()
    with qtbot.wait_signal(pad.changed):
        draw(qtbot, pad, ZIGZAG)
    assert not pad.is_empty()
    assert len(pad.strokes) == 1 and len(pad.strokes[0]) == len(ZIGZAG)
    assert all(MIN_WIDTH <= p.width <= MAX_WIDTH for p in pad.strokes[0])
    assert box.clear_button.isEnabled() and box.undo_button.isEnabled()

    image = png_image(pad.png())
    assert image.format == "PNG" and image.mode == "RGBA"
    # Cropped to the ink (228 × 60 logical pixels, plus the widths) with a margin, doubled.
    ink_w, ink_h = 12 * 19, 60
    assert (ink_w + 2 * EXPORT_MARGIN) * EXPORT_SCALE <= image.width
    assert image.width <= (ink_w + 2 * EXPORT_MARGIN + MAX_WIDTH) * EXPORT_SCALE + 1
    assert (ink_h + 2 * EXPORT_MARGIN) * EXPORT_SCALE <= image.height
    assert image.height <= (ink_h + 2 * EXPORT_MARGIN + MAX_WIDTH) * EXPORT_SCALE + 1
    for corner in ((0, 0), (image.width - 1, 0), (0, image.height - 1)):
        assert image.getpixel(corner)[3] == 0, "the background is transparent"
    alpha = image.getchannel("A")
    assert alpha.getextrema()[1] == 255, "the ink is opaque"
    inked = sum(alpha.histogram()[129:])
    assert inked > 500, "the stroke is drawn, not just its points"
    # Nothing within the margin: the ink is inside.
    bbox = alpha.getbbox()
    assert bbox is not None
    margin = int(EXPORT_MARGIN * EXPORT_SCALE) - 2
    assert bbox[0] >= margin and bbox[1] >= margin
    assert bbox[2] <= image.width - margin and bbox[3] <= image.height - margin


def timed_mouse_stroke(pad: SignaturePad, y: int, step_ms: int) -> None:
    """A mouse stroke across the pad, ``step_ms`` milliseconds between moves (QTest's own
    events carry no time to speak of, so these are made by hand)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    steps = 30
    for n in range(steps + 1):
        kind = (
            QEvent.Type.MouseButtonPress
            if n == 0
            else QEvent.Type.MouseButtonRelease
            if n == steps
            else QEvent.Type.MouseMove
        )
        local = QPointF(20 + 15 * n, y)
        event = QMouseEvent(
            kind,
            local,
            QPointF(pad.mapToGlobal(local.toPoint())),
            left if kind != QEvent.Type.MouseMove else none,
            left if kind != QEvent.Type.MouseButtonRelease else none,
            Qt.KeyboardModifier.NoModifier,
        )
        event.setTimestamp(1000 + n * step_ms)
        QApplication.sendEvent(pad, event)


def test_a_fast_stroke_is_thinner_than_a_slow_one(qtbot: QtBot) -> None:
    box = make_pad(qtbot)
    pad = box.pad
    timed_mouse_stroke(pad, 60, 200)  # 15 px in 200 ms: slow
    timed_mouse_stroke(pad, 180, 2)  # 15 px in 2 ms: fast
    slow, fast = pad.strokes
    assert len(slow) == len(fast) == 31
    assert sum(p.width for p in fast) / len(fast) < sum(p.width for p in slow) / len(slow)
    assert fast[-1].width < MIN_WIDTH + 0.5 and slow[-1].width > MAX_WIDTH - 0.5


def tablet_stroke(pad: SignaturePad, y: int, pressure: float) -> None:
    """A pen stroke across the pad at ``pressure`` (as a graphics tablet sends it)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtWidgets import QApplication

    stylus = QPointingDevice(
        "stylus",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    kinds = [QEvent.Type.TabletPress] + [QEvent.Type.TabletMove] * 18 + [QEvent.Type.TabletRelease]
    for n, kind in enumerate(kinds):
        local = QPointF(20 + 12 * n, y)
        event = QTabletEvent(
            kind,
            stylus,
            local,
            QPointF(pad.mapToGlobal(local.toPoint())),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(pad, event)
        assert event.isAccepted()  # so Qt sends no mouse event after it


def test_pen_pressure_gives_the_width(qtbot: QtBot) -> None:
    box = make_pad(qtbot)
    pad = box.pad
    tablet_stroke(pad, 60, 0.1)
    tablet_stroke(pad, 160, 1.0)
    light, firm = pad.strokes
    assert len(light) == len(firm) == 20
    assert max(p.width for p in light) < min(p.width for p in firm[5:])
    assert firm[-1].width > MAX_WIDTH


def test_a_finger_draws_too(qtbot: QtBot) -> None:
    from PySide6.QtTest import QTest

    box = make_pad(qtbot)
    pad = box.pad
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(20, 80), pad).commit()
    for n in range(1, 15):
        QTest.touchEvent(pad, device).move(0, QPoint(20 + 15 * n, 80 + (n % 3) * 6), pad).commit()
    QTest.touchEvent(pad, device).release(0, QPoint(240, 90), pad).commit()
    assert len(pad.strokes) == 1 and len(pad.strokes[0]) >= 15
    assert png_image(pad.png()).width > 2 * 200


def test_undo_redo_and_clear_from_the_keyboard(qtbot: QtBot) -> None:
    box = make_pad(qtbot)
    pad = box.pad
    draw(qtbot, pad, ZIGZAG)
    draw(qtbot, pad, LOOP)
    assert len(pad.strokes) == 2
    both = pad.png()

    qtbot.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(pad.strokes) == 1
    one = png_image(pad.png())
    assert one.size != png_image(both).size, "the second stroke is gone from the picture"
    assert box.redo_button.isEnabled()

    qtbot.keyClick(
        pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert len(pad.strokes) == 2 and pad.png() == both
    qtbot.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pad, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(pad.strokes) == 2 and pad.png() == both

    qtbot.keyClick(pad, Qt.Key.Key_Escape)
    assert pad.is_empty() and pad.png() == b""
    assert not box.clear_button.isEnabled()
    qtbot.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the clear
    assert len(pad.strokes) == 2 and pad.png() == both

    # A new stroke after an undo drops what could have been redone.
    qtbot.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    draw(qtbot, pad, [(100, 200), (150, 210), (200, 200)])
    assert not pad.can_redo() and not box.redo_button.isEnabled()
    assert len(pad.strokes) == 2


def test_the_buttons_undo_redo_and_clear(qtbot: QtBot) -> None:
    box = make_pad(qtbot)
    pad = box.pad
    draw(qtbot, pad, ZIGZAG)
    assert box.undo_button.text() == "撤销" and box.clear_button.text() == "清除"
    qtbot.mouseClick(box.undo_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty()
    qtbot.mouseClick(box.redo_button, Qt.MouseButton.LeftButton)
    assert len(pad.strokes) == 1
    qtbot.mouseClick(box.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty()


def test_a_tap_leaves_a_dot_and_a_program_can_sign(qtbot: QtBot) -> None:
    box = make_pad(qtbot)
    pad = box.pad
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    assert len(pad.strokes) == 1 and len(pad.strokes[0]) == 1
    dot = png_image(pad.png())
    assert dot.getchannel("A").getextrema()[1] > 0

    pad.reset()
    assert pad.is_empty() and not pad.can_undo()
    pad.add_stroke([(30 + 4 * n, 100 + (n % 7) * 5) for n in range(60)])
    assert not pad.is_empty() and png_image(pad.png()).width > 200
    grab = pad.grab().toImage()  # the pad shows it too
    assert grab.pixelColor(30 + 4 * 10, 100 + (10 % 7) * 5).blue() < 200
