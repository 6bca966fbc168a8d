"""One input widget per checklist item type, all with the same small interface.

An input says when the person changed it (``edited``) and when they left it (``finished``);
the editor decides when to save. ``value()`` gives the answer in the engine's format
(see postloan_desktop.forms.engine) or raises :class:`InputProblem` with a message for the
person; ``set_value()`` shows a stored answer without announcing an edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QObject,
    QRegularExpression,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QDoubleValidator,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QRegularExpressionValidator,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from postloan_desktop.domain.money import format_fen, yuan_to_fen
from postloan_desktop.ui import labels
from postloan_desktop.ui.widgets import find_data

if TYPE_CHECKING:  # the forms package (pydantic, YAML) loads with the first form, not at start
    from postloan_desktop.forms.engine import CollateralRef
    from postloan_desktop.forms.schema import Item

RADIO_LIMIT = 4  # single choices with more options than this get a combo box
TEXT_LINES = 3  # visible lines of a text answer
NO_DATE = QDate(1900, 1, 1)  # a date input shows "—" (no answer) at this date


class InputProblem(Exception):
    """What the person typed cannot be an answer yet; the message says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- building blocks that behave well inside a long scrolling form ---------------------------


def wheel_when_focused(
    widget: QWidget, event: QWheelEvent, handle: Callable[[QWheelEvent], None]
) -> None:
    """Scrolling over an input the officer is not in scrolls the form, not the answer."""
    if widget.hasFocus():
        handle(event)
    else:
        event.ignore()


class NoWheelComboBox(QComboBox):
    """Scrolling the form over a combo must scroll the form, not change the answer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        wheel_when_focused(self, event, super().wheelEvent)


class NoWheelDoubleSpinBox(QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        wheel_when_focused(self, event, super().wheelEvent)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)  # typing replaces "—" or the old value


def plain_number(value: float) -> str:
    """All the digits a stored number has (12345.67, not 12345.7; 3, not 3.0)."""
    text = repr(float(value))
    return text.removesuffix(".0")


class NoWheelDateEdit(QDateEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        wheel_when_focused(self, event, super().wheelEvent)

    def stepBy(self, steps: int) -> None:
        if self.date() == self.minimumDate():
            # From "no date", the first step lands on today, not on 1900 + 1 day.
            self.setDate(QDate.currentDate())
            return
        super().stepBy(steps)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        calendar = self.calendarWidget()
        if self.date() == self.minimumDate() and calendar is not None:
            today = QDate.currentDate()  # not 1900: where an unanswered date should start
            calendar.setCurrentPage(today.year(), today.month())


class FieldLineEdit(QLineEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class FieldTextEdit(QPlainTextEdit):
    """A few lines of text; Tab moves on to the next field instead of typing a tab."""

    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        lines = self.fontMetrics().lineSpacing() * TEXT_LINES
        margins = self.contentsMargins()
        self.setFixedHeight(
            lines + 2 * int(self.document().documentMargin()) + margins.top() + margins.bottom()
        )

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


# --- the inputs ----------------------------------------------------------------------------


class AnswerInput(QWidget):
    """The common interface of every item type's input."""

    edited = Signal()  # the person changed the answer
    finished = Signal()  # the person left the input: anything pending is saved now
    debounced = False  # typed answers are saved after a pause, choices at once

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self._setting = False  # True while set_value() fills the widgets

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        self._setting = True
        try:
            self._show(value)
        finally:
            self._setting = False

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        """The widget that takes the keyboard focus when the editor jumps to this item."""
        return self

    def _changed(self, *_args: object) -> None:
        if not self._setting:
            self.edited.emit()

    def _check_range(self, number: float, shown: str) -> None:
        item = self.item
        # translate(), not self.tr(): PySide looks a tr() up under the subclass's name.
        if item.min is not None and number < item.min:
            raise InputProblem(
                labels.fmt(
                    QCoreApplication.translate("AnswerInput", "%1 is below the minimum %2."),
                    shown,
                    f"{item.min:g}",
                )
            )
        if item.max is not None and number > item.max:
            raise InputProblem(
                labels.fmt(
                    QCoreApplication.translate("AnswerInput", "%1 is above the maximum %2."),
                    shown,
                    f"{item.max:g}",
                )
            )


class ChoiceButtons(AnswerInput):
    """Exclusive radio buttons, one per value; no button checked means no answer. A click on
    the chosen button, or Delete or Backspace on it, clears the answer (radio buttons alone
    could only change it)."""

    def __init__(
        self, item: Item, choices: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(item, parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self._pressed_checked = False  # the button pressed was the chosen one
        tip = QCoreApplication.translate(
            "AnswerInput", "Click the chosen answer again, or press Delete, to clear it."
        )
        for value, text in choices:
            button = QRadioButton(text, self)
            button.setToolTip(tip)
            button.installEventFilter(self)
            button.clicked.connect(lambda _checked=False, b=button: self._on_button_clicked(b))
            self.group.addButton(button)
            self.buttons[value] = button
            row.addWidget(button)
        row.addStretch(1)
        self.group.buttonToggled.connect(self._on_group_button_toggled)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QRadioButton) and watched.isEnabled():
            if event.type() == QEvent.Type.MouseButtonPress:
                self._pressed_checked = watched.isChecked()
            elif (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.value() is not None
            ):
                self.clear()
                return True
        return super().eventFilter(watched, event)

    def _on_button_clicked(self, button: QRadioButton) -> None:
        if self._pressed_checked and button.isChecked():
            self.clear()
        self._pressed_checked = False

    def clear(self) -> None:
        """No answer: every button unchecked (the person's edit, saved like a choice)."""
        self._show(None)
        self._changed()

    def value(self) -> Any:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return None

    def _show(self, value: Any) -> None:
        self.group.setExclusive(False)  # an exclusive group never lets the last one go
        for key, button in self.buttons.items():
            button.setChecked(key == value)
        self.group.setExclusive(True)

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked or next(iter(self.buttons.values()))

    def _on_group_button_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self._changed()


class YesNoNaInput(ChoiceButtons):
    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(
            item,
            (("yes", self.tr("Yes")), ("no", self.tr("No")), ("na", self.tr("Not applicable"))),
            parent,
        )


class ComboInput(AnswerInput):
    """A combo whose first entry (data None) means no answer."""

    def __init__(
        self, item: Item, choices: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(item, parent)
        self.combo = NoWheelComboBox(self)
        self.combo.addItem(self.tr("— choose —"), None)
        for value, text in choices:
            self.combo.addItem(text, value)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo)
        row.addStretch(1)
        self.combo.currentIndexChanged.connect(self._changed)

    def value(self) -> Any:
        return self.combo.currentData()

    def _show(self, value: Any) -> None:
        index = find_data(self.combo, value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def focus_target(self) -> QWidget:
        return self.combo


class MultipleChoiceInput(AnswerInput):
    SHORT_LABEL = 12  # characters: options this short go two to a row

    def __init__(self, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        texts = [o.label.get(language) for o in item.options or []]
        columns = 2 if max(map(len, texts), default=0) <= self.SHORT_LABEL else 1
        for n, option in enumerate(item.options or []):
            box = QCheckBox(texts[n], self)
            self.boxes[option.value] = box
            grid.addWidget(box, n // columns, n % columns)
            box.toggled.connect(self._changed)
        grid.setColumnStretch(columns, 1)

    def value(self) -> Any:
        chosen = [value for value, box in self.boxes.items() if box.isChecked()]
        return chosen or None

    def _show(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)

    def focus_target(self) -> QWidget:
        return next(iter(self.boxes.values()))


class TextInput(AnswerInput):
    debounced = True

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.edit = FieldTextEdit(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        self.edit.textChanged.connect(self._changed)
        self.edit.focus_lost.connect(self.finished)

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def _show(self, value: Any) -> None:
        self.edit.setPlainText(str(value) if value is not None else "")

    def focus_target(self) -> QWidget:
        return self.edit


class NumberInput(AnswerInput):
    """A number typed with an optional decimal part, and its unit."""

    debounced = True

    def __init__(self, item: Item, language: str, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.edit = FieldLineEdit(self)
        validator = QDoubleValidator(self)
        validator.setNotation(QDoubleValidator.Notation.StandardNotation)
        validator.setLocale(QLocale.c())  # a full stop for the decimals, as bank staff type
        self.edit.setValidator(validator)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setMaximumWidth(200)
        self.unit = QLabel(item.unit.get(language) if item.unit else "", self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.unit)
        row.addStretch(1)
        self.edit.textChanged.connect(self._changed)
        self.edit.focus_lost.connect(self.finished)

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise InputProblem(self.tr("Enter a number.")) from None
        self._check_range(number, text)
        return number

    def _show(self, value: Any) -> None:
        self.edit.setText(plain_number(value) if isinstance(value, int | float) else "")

    def focus_target(self) -> QWidget:
        return self.edit


class MoneyInput(AnswerInput):
    """Yuan with at most two decimals, shown with thousands separators; stored in fen."""

    debounced = True

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.edit = FieldLineEdit(self)
        self.edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9,]{0,20}(\.[0-9]{0,2})?"), self)
        )
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setPlaceholderText("0.00")
        self.edit.setMaximumWidth(200)
        self.unit = QLabel(self.tr("yuan"), self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.unit)
        row.addStretch(1)
        self.edit.textChanged.connect(self._changed)
        self.edit.focus_lost.connect(self._on_edit_focus_lost)

    def value(self) -> Any:
        text = self.edit.text().replace(",", "").strip()
        if not text:
            return None
        try:
            fen = yuan_to_fen(text)
        except ValueError:
            raise InputProblem(self.tr("Enter an amount in yuan, e.g. 12345.67.")) from None
        self._check_range(fen / 100, format_fen(fen))
        return fen

    def _show(self, value: Any) -> None:
        self.edit.setText(format_fen(value) if isinstance(value, int) else "")

    def focus_target(self) -> QWidget:
        return self.edit

    def _on_edit_focus_lost(self) -> None:
        try:
            fen = self.value()
        except InputProblem:
            fen = None
        if isinstance(fen, int):
            self.set_value(fen)  # 12345.6 → 12,345.60: the same answer, easier to read
        self.finished.emit()


class PercentInput(AnswerInput):
    """A spin box of percent; one step below the minimum shows "—", no answer."""

    debounced = True

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(item, parent)
        self.spin = NoWheelDoubleSpinBox(self)
        low = item.min if item.min is not None else 0.0
        high = item.max if item.max is not None else 100.0
        self.spin.setDecimals(2)
        self.spin.setRange(low - 1, high)
        self.spin.setSingleStep(1)
        self.spin.setSpecialValueText("—")
        self.spin.setSuffix(" %")
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setMinimumWidth(120)
        self.spin.setValue(self.spin.minimum())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.spin)
        row.addStretch(1)
        self.spin.valueChanged.connect(self._changed)
        self.spin.editingFinished.connect(self.finished)

    def value(self) -> Any:
        number = self.spin.value()
        if number <= self.spin.minimum():
            return None
        self._check_range(number, f"{number:g} %")
        return number

    def _show(self, value: Any) -> None:
        self.spin.setValue(float(value) if isinstance(value, int | float) else self.spin.minimum())

    def focus_target(self) -> QWidget:
        return self.spin


class DateInput(AnswerInput):
    """A date with a calendar; "—" until answered. A suggested date is one click away."""

    def __init__(
        self, item: Item, suggested: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(item, parent)
        self.edit = NoWheelDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setSpecialValueText("—")
        self.edit.setDate(NO_DATE)
        self.edit.setMinimumWidth(130)
        self.suggest_button = QPushButton(self)
        self.suggest_button.setToolTip(
            self.tr("The date the rules give for the business status answered")
        )
        self.suggest_button.clicked.connect(self._on_suggest_button_clicked)
        self._suggested: dt.date | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.suggest_button)
        row.addStretch(1)
        self.set_suggestion(suggested)
        self.edit.dateChanged.connect(self._changed)
        self.edit.editingFinished.connect(self.finished)

    def set_suggestion(self, suggested: dt.date | None) -> None:
        self._suggested = suggested
        self.suggest_button.setVisible(suggested is not None)
        if suggested is not None:
            self.suggest_button.setText(
                labels.fmt(self.tr("Use the suggested date %1"), suggested.isoformat())
            )

    def _on_suggest_button_clicked(self) -> None:
        day = self._suggested
        if day is not None:
            self.edit.setDate(QDate(day.year, day.month, day.day))

    def value(self) -> Any:
        date = self.edit.date()
        if date == self.edit.minimumDate():
            return None
        return dt.date(date.year(), date.month(), date.day()).isoformat()

    def _show(self, value: Any) -> None:
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        self.edit.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)

    def focus_target(self) -> QWidget:
        return self.edit


def make_input(
    item: Item,
    *,
    language: str,
    collateral: Sequence[CollateralRef] = (),
    suggested_date: dt.date | None = None,
    parent: QWidget | None = None,
) -> AnswerInput:
    """The input for an item's type."""
    from postloan_desktop.forms.schema import ItemType

    match item.type:
        case ItemType.YES_NO_NA:
            return YesNoNaInput(item, parent)
        case ItemType.SINGLE_CHOICE:
            choices = [(o.value, o.label.get(language)) for o in item.options or []]
            if len(choices) <= RADIO_LIMIT:
                return ChoiceButtons(item, choices, parent)
            return ComboInput(item, choices, parent)
        case ItemType.MULTIPLE_CHOICE:
            return MultipleChoiceInput(item, language, parent)
        case ItemType.TEXT:
            return TextInput(item, parent)
        case ItemType.NUMBER:
            return NumberInput(item, language, parent)
        case ItemType.MONEY:
            return MoneyInput(item, parent)
        case ItemType.PERCENT:
            return PercentInput(item, parent)
        case ItemType.DATE:
            return DateInput(item, suggested_date, parent)
        case ItemType.COLLATERAL:
            return ComboInput(item, [(c.id, c.label) for c in collateral], parent)
    raise ValueError(f"no input for item type {item.type}")  # pragma: no cover
