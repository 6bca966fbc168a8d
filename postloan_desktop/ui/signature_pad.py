"""A pad to write a handwritten signature on, with a mouse, a pen or a finger.

``SignaturePad`` records strokes as points with a width each: from the pen's pressure
(``QTabletEvent``), or from the speed of a mouse or a finger (fast is thin, slow is thick, as
ink behaves). Strokes are drawn smooth: a quadratic Bézier curve through the midpoints of
successive points, each piece with its own width. Finished strokes are kept on a cached
image, so a long signature stays fluid.

``Ctrl+Z`` takes back the last stroke, ``Ctrl+Shift+Z`` or ``Ctrl+Y`` puts it back, ``Esc``
clears the pad (clearing can be undone too). ``png()`` gives the signature as PNG bytes with a
transparent background, cropped to the ink with a margin, at twice the pad's resolution, as
``reports.signing`` stamps it on the report.

``SignatureBox`` is the pad with its Undo, Redo and Clear buttons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

INK = QColor("#14206e")  # dark blue, as a ballpoint
PAPER = QColor("#fbfbf7")
GUIDE = QColor("#b9bec9")
HINT = QColor("#9aa0ab")
MIN_WIDTH = 1.3  # logical pixels
MAX_WIDTH = 4.2
# A mouse or a finger moving this fast (logical pixels per millisecond) draws the thinnest line.
FAST_SPEED = 2.2
WIDTH_SMOOTHING = 0.35  # how much of a new width is taken at each point (the rest is kept)
EXPORT_SCALE = 2.0
EXPORT_MARGIN = 10.0  # logical pixels of transparent margin around the ink


@dataclass(frozen=True)
class InkPoint:
    x: float
    y: float
    width: float


Stroke = tuple[InkPoint, ...]


def _mid(a: InkPoint, b: InkPoint) -> QPointF:
    return QPointF((a.x + b.x) / 2, (a.y + b.y) / 2)


def _point(p: InkPoint) -> QPointF:
    return QPointF(p.x, p.y)


def _pen(width: float) -> QPen:
    pen = QPen(INK)
    pen.setWidthF(width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def draw_piece(painter: QPainter, points: Sequence[InkPoint], index: int) -> None:
    """Draw the piece of a stroke around point ``index`` (1 ≤ index < len - 1): from the
    midpoint before it to the midpoint after it, curving towards the point itself."""
    before, here, after = points[index - 1], points[index], points[index + 1]
    path = QPainterPath(_mid(before, here) if index > 1 else _point(before))
    path.quadTo(_point(here), _mid(here, after))
    painter.setPen(_pen(here.width))
    painter.drawPath(path)


def draw_tail(painter: QPainter, points: Sequence[InkPoint]) -> None:
    """The end of a stroke: from the last midpoint to the last point (a dot for a tap)."""
    if not points:
        return
    last = points[-1]
    if len(points) == 1:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawEllipse(_point(last), last.width / 2, last.width / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return
    start = _mid(points[-2], last) if len(points) > 2 else _point(points[-2])
    painter.setPen(_pen((points[-2].width + last.width) / 2))
    painter.drawLine(start, _point(last))


def draw_stroke(painter: QPainter, points: Sequence[InkPoint]) -> None:
    for index in range(1, len(points) - 1):
        draw_piece(painter, points, index)
    draw_tail(painter, points)


def stroke_bounds(strokes: Sequence[Stroke]) -> QRectF:
    """The rectangle the ink covers (empty for no strokes)."""
    rect = QRectF()
    for stroke in strokes:
        for p in stroke:
            half = p.width / 2
            rect = rect.united(QRectF(p.x - half, p.y - half, 2 * half, 2 * half))
    return rect


class SignaturePad(QWidget):
    """Write here. ``changed`` after each stroke, undo, redo or clear."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        # Undo history: ("stroke", [the stroke]) or ("clear", [the strokes cleared]).
        self._undo: list[tuple[str, list[Stroke]]] = []
        self._redo: list[tuple[str, list[Stroke]]] = []
        self._current: list[InkPoint] = []
        self._drawing = False
        self._last_time = 0
        self._ink: QImage | None = None  # finished strokes (and the current one's pieces)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 140)
        self.setToolTip(
            self.tr(
                "Sign here with the mouse, a pen or a finger. Ctrl+Z undoes the last stroke, "
                "Ctrl+Shift+Z redoes it, Esc clears."
            )
        )
        self.setAccessibleName(self.tr("Handwritten signature"))
        self.hint = self.tr("Sign here")

    def sizeHint(self) -> QSize:
        return QSize(560, 200)

    # --- state ----------------------------------------------------------------------------------

    @property
    def strokes(self) -> list[Stroke]:
        return list(self._strokes)

    def is_empty(self) -> bool:
        return not self._strokes and not self._current

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        """Take back the last stroke (or the last clear)."""
        if self._drawing or not self._undo:
            return
        kind, strokes = self._undo.pop()
        if kind == "stroke":
            self._strokes.pop()
        else:
            self._strokes = list(strokes)
        self._redo.append((kind, strokes))
        self._after_change()

    def redo(self) -> None:
        if self._drawing or not self._redo:
            return
        kind, strokes = self._redo.pop()
        if kind == "stroke":
            self._strokes.extend(strokes)
        else:
            self._strokes = []
        self._undo.append((kind, strokes))
        self._after_change()

    def clear(self) -> None:
        """Wipe the pad (Esc); Undo brings the signature back."""
        self._current = []
        self._drawing = False
        if not self._strokes:
            return
        self._undo.append(("clear", list(self._strokes)))
        self._redo.clear()
        self._strokes = []
        self._after_change()

    def reset(self) -> None:
        """An empty pad with no history (a new signature)."""
        self._strokes, self._undo, self._redo, self._current = [], [], [], []
        self._drawing = False
        self._after_change()

    def set_strokes(self, strokes: Sequence[Stroke]) -> None:
        """Show a signature drawn before (``strokes``), as a new one: a supervisor reusing
        the stamp drawn for the last report. Clear (Esc) wipes it as any other."""
        self.reset()
        if not strokes:
            return
        for stroke in strokes:  # one undo step each, as if drawn
            self._strokes.append(tuple(stroke))
            self._undo.append(("stroke", [tuple(stroke)]))
        self._after_change()

    def add_stroke(
        self, points: Sequence[tuple[float, float]], *, width: float | None = None
    ) -> None:
        """Add a stroke through ``points`` (logical pixels), as if drawn slowly: for a
        signature drawn by a program (screenshots, tests). The width varies a little along
        the stroke unless ``width`` is given."""
        if not points:
            return
        ink = []
        for n, (x, y) in enumerate(points):
            w = (
                width
                if width is not None
                else MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * (0.55 + 0.35 * math.sin(n / 3))
            )
            ink.append(InkPoint(float(x), float(y), w))
        self._finish_stroke(tuple(ink))

    def _finish_stroke(self, stroke: Stroke) -> None:
        self._strokes.append(stroke)
        self._undo.append(("stroke", [stroke]))
        self._redo.clear()
        self._after_change()

    def _after_change(self) -> None:
        self._ink = None  # drawn again from the strokes
        self.update()
        self.changed.emit()

    # --- input ----------------------------------------------------------------------------------

    def _begin(self, pos: QPointF, time_ms: int, pressure: float | None) -> None:
        self._drawing = True
        self._last_time = time_ms
        width = self._pressure_width(pressure) if pressure is not None else MAX_WIDTH * 0.8
        self._current = [InkPoint(pos.x(), pos.y(), width)]
        self.update(self._dirty_rect(self._current[-1:]))

    def _extend(self, pos: QPointF, time_ms: int, pressure: float | None) -> None:
        if not self._drawing or not self._current:
            return
        last = self._current[-1]
        distance = math.hypot(pos.x() - last.x, pos.y() - last.y)
        if distance < 0.75:  # same place: nothing to draw
            return
        if pressure is not None:
            target = self._pressure_width(pressure)
        else:
            elapsed = max(time_ms - self._last_time, 1)
            speed = distance / elapsed
            target = MAX_WIDTH - (MAX_WIDTH - MIN_WIDTH) * min(speed / FAST_SPEED, 1.0)
        width = last.width + (target - last.width) * WIDTH_SMOOTHING
        self._last_time = time_ms
        self._current.append(InkPoint(pos.x(), pos.y(), width))
        if len(self._current) >= 3:  # the piece around the point before is final now
            ink = self._ink_image()
            painter = QPainter(ink)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw_piece(painter, self._current, len(self._current) - 2)
            painter.end()
        self.update(self._dirty_rect(self._current[-3:]))

    def _end(self, pos: QPointF | None, time_ms: int, pressure: float | None) -> None:
        if not self._drawing:
            return
        if pos is not None:
            self._extend(pos, time_ms, pressure)
        self._drawing = False
        stroke = tuple(self._current)
        self._current = []
        if stroke:
            self._finish_stroke(stroke)

    @staticmethod
    def _pressure_width(pressure: float) -> float:
        level = max(0.0, min(float(pressure), 1.0))
        return float(MIN_WIDTH + (MAX_WIDTH * 1.2 - MIN_WIDTH) * level**0.8)

    def _dirty_rect(self, points: Sequence[InkPoint]) -> QRect:
        rect = stroke_bounds([tuple(points)])
        return rect.adjusted(-4, -4, 4, 4).toAlignedRect()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._begin(event.position(), int(event.timestamp()), None)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing:
            self._extend(event.position(), int(event.timestamp()), None)
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._drawing:
            self._end(event.position(), int(event.timestamp()), None)
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen: its pressure gives the width. Accepted, so no mouse event follows."""
        pressure = event.pressure()
        match event.type():
            case QEvent.Type.TabletPress:
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self._begin(event.position(), int(event.timestamp()), pressure)
            case QEvent.Type.TabletMove:
                self._extend(event.position(), int(event.timestamp()), pressure)
            case QEvent.Type.TabletRelease:
                # Pens usually report no pressure as they lift: then the last move ends it.
                where = event.position() if pressure > 0 else None
                self._end(where, int(event.timestamp()), pressure)
        event.accept()

    def event(self, event: QEvent) -> bool:
        """A finger: the first touch point draws; its speed gives the width."""
        kind = event.type()
        if isinstance(event, QTouchEvent) and kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            points = event.points()
            time_ms = int(event.timestamp())
            if kind == QEvent.Type.TouchCancel:
                self._current, self._drawing = [], False
                self._ink = None
                self.update()
            elif points:
                pos = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(pos, time_ms, None)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(pos, time_ms, None)
                else:
                    self._end(pos, time_ms, None)
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        combo = event.keyCombination()
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        key, modifiers = combo.key(), combo.keyboardModifiers()
        if event.matches(QKeySequence.StandardKey.Undo) or (
            key == Qt.Key.Key_Z and modifiers == ctrl
        ):
            self.undo()
        elif (
            event.matches(QKeySequence.StandardKey.Redo)
            or (key == Qt.Key.Key_Z and modifiers == ctrl | shift)
            or (key == Qt.Key.Key_Y and modifiers == ctrl)
        ):
            self.redo()
        elif key == Qt.Key.Key_Escape and not self.is_empty():
            self.clear()  # on an empty pad Esc goes on to the dialog (which closes)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # --- drawing --------------------------------------------------------------------------------

    def _ink_image(self) -> QImage:
        ratio = self.devicePixelRatioF()
        size = self.size()
        if self._ink is None or self._ink.size() != QSize(
            math.ceil(size.width() * ratio), math.ceil(size.height() * ratio)
        ):
            ink = QImage(
                math.ceil(size.width() * ratio),
                math.ceil(size.height() * ratio),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            ink.setDevicePixelRatio(ratio)
            ink.fill(Qt.GlobalColor.transparent)
            painter = QPainter(ink)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            for stroke in self._strokes:
                draw_stroke(painter, stroke)
            for index in range(1, len(self._current) - 1):  # the pieces of the stroke in hand
                draw_piece(painter, self._current, index)
            painter.end()
            self._ink = ink
        return self._ink

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._ink = None
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), PAPER)
        # A signing line with a cross at its start, as on paper forms.
        base = self.height() * 0.72
        painter.setPen(QPen(GUIDE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(24, base), QPointF(self.width() - 24, base))
        painter.setPen(QPen(GUIDE, 1.5))
        painter.drawLine(QPointF(24, base - 12), QPointF(36, base - 24))
        painter.drawLine(QPointF(24, base - 24), QPointF(36, base - 12))
        if self.is_empty():
            painter.setPen(HINT)
            painter.drawText(
                QRectF(0, base + 6, self.width(), self.height() - base - 6),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self.hint,
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawImage(0, 0, self._ink_image())
        if self._current:
            draw_tail(painter, self._current)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        else:
            painter.setPen(QPen(GUIDE, 1))
            painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()

    # --- export ---------------------------------------------------------------------------------

    def image(self, *, scale: float = EXPORT_SCALE, margin: float = EXPORT_MARGIN) -> QImage:
        """The ink on a transparent background, cropped with a margin, ``scale`` times the
        pad's logical pixels (a null image for an empty pad)."""
        if not self._strokes:
            return QImage()
        bounds = stroke_bounds(self._strokes).adjusted(-margin, -margin, margin, margin)
        image = QImage(
            max(1, math.ceil(bounds.width() * scale)),
            max(1, math.ceil(bounds.height() * scale)),
            QImage.Format.Format_ARGB32,
        )
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-bounds.left(), -bounds.top())
        for stroke in self._strokes:
            draw_stroke(painter, stroke)
        painter.end()
        return image

    def png(self) -> bytes:
        """The signature as PNG bytes (transparent background, cropped to the ink, at twice
        the resolution); b"" for an empty pad."""
        image = self.image()
        if image.isNull():
            return b""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes
        buffer.close()
        return bytes(data.data())


class SignatureBox(QWidget):
    """The pad with Undo, Redo and Clear."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pad = SignaturePad(self)
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.setToolTip(self.tr("Take back the last stroke (Ctrl+Z)"))
        self.undo_button.clicked.connect(lambda _checked=False: self.pad.undo())
        self.redo_button = QPushButton(self.tr("Redo"), self)
        self.redo_button.setToolTip(self.tr("Put the stroke back (Ctrl+Shift+Z)"))
        self.redo_button.clicked.connect(lambda _checked=False: self.pad.redo())
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setToolTip(self.tr("Start the signature again (Esc)"))
        self.clear_button.clicked.connect(lambda _checked=False: self.pad.clear())
        for button in (self.undo_button, self.redo_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the focus on the pad
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pad, 1)
        layout.addLayout(buttons)
        self.pad.changed.connect(self._update_buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.undo_button.setEnabled(self.pad.can_undo())
        self.redo_button.setEnabled(self.pad.can_redo())
        self.clear_button.setEnabled(not self.pad.is_empty())
