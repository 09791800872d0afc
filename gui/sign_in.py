"""The sign-in screen: operator id and PIN, the language, and a new PIN on first sign-in."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.i18n import LANGUAGES
from rig.users import AuthenticationError, User

FORM_WIDTH_PX = 560
# Kept in English and translated when shown, so a language switch re-says them.
WRONG_PIN = QT_TRANSLATE_NOOP("SignInPage", "Unknown operator or wrong PIN.")
FIRST_PIN = QT_TRANSLATE_NOOP("SignInPage", "This PIN was for the first sign-in only: choose your own PIN "
                                            "of at least 4 digits, type it twice, then press Enter.")
PINS_DIFFER = QT_TRANSLATE_NOOP("SignInPage", "The two new PINs differ.")
PIN_TOO_SHORT = QT_TRANSLATE_NOOP("SignInPage", "The new PIN must have at least 4 digits.")


class Accounts(Protocol):
    """What the sign-in screen asks of the user store (``rig.users.UserStore``)."""

    def authenticate(self, user_id: str, pin: str) -> User: ...

    def must_change_pin(self, user_id: str) -> bool: ...

    def set_pin(self, user: User, new: str) -> None: ...


def _pin_field() -> QLineEdit:
    return QLineEdit(echoMode=QLineEdit.EchoMode.Password)


class SignInPage(QWidget):
    """Ask for an operator id and PIN; emit ``signed_in`` with the authenticated user.

    A user still holding a PIN someone else was shown (the administrator's
    one-time PIN, a new or reset account) chooses a new one before going on.
    The language picker switches the whole app at once (``language_chosen``).
    """

    signed_in = Signal(object)  # rig.users.User
    language_chosen = Signal(str)  # "en", "de"

    def __init__(self, accounts: Accounts, station_name: str = "", parent: QWidget | None = None,
                 *, language: str = "en") -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._pending: User | None = None
        self._station_name = station_name
        self._message_text = ""
        self.title = QLabel(styleSheet="font-size: 24pt; font-weight: bold;")
        self.user_id = QLineEdit()
        self.pin = _pin_field()
        self.new_pin = _pin_field()
        self.repeat_pin = _pin_field()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.button = QPushButton()
        # Outside the form and as wide as it, so a long message wraps instead of being cut off.
        self.message = QLabel(styleSheet="color: #c62828; font-weight: bold; font-size: 15pt;", wordWrap=True)
        self.message.setFixedWidth(FORM_WIDTH_PX)
        self.message.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.MinimumExpanding)
        box = QWidget()
        box.setFixedWidth(FORM_WIDTH_PX)
        box.setStyleSheet("font-size: 16pt;")
        form = QFormLayout(box)
        self._row_labels = [QLabel() for _ in range(5)]
        for label, field in zip(self._row_labels, (self.user_id, self.pin, self.new_pin, self.repeat_pin,
                                                   self.language), strict=True):
            form.addRow(label, field)
        form.addRow(self.button)
        self._form = form
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(20)
        layout.addWidget(box, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.message, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self._show_new_pin(False)
        self.user_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self.new_pin.returnPressed.connect(self.repeat_pin.setFocus)
        self.repeat_pin.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)
        self.language.currentIndexChanged.connect(lambda: self.language_chosen.emit(self.language.currentData()))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Massager test station %1").replace("%1", self._station_name).strip())
        for label, text in zip(self._row_labels, (self.tr("Operator"), self.tr("PIN"), self.tr("New PIN"),
                                                  self.tr("Repeat"), self.tr("Language")), strict=True):
            label.setText(text)
        self.user_id.setPlaceholderText(self.tr("operator id"))
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.new_pin.setPlaceholderText(self.tr("new PIN, at least 4 digits"))
        self.repeat_pin.setPlaceholderText(self.tr("the new PIN again"))
        self._label_button()
        self._say(self._message_text)

    def _label_button(self) -> None:
        self.button.setText(self.tr("Set PIN and sign in") if self._pending else self.tr("Sign in"))

    def _say(self, source: str) -> None:
        """Show a message (kept in English, shown in the language of the moment)."""
        self._message_text = source
        self.message.setText(self.tr(source) if source else "")
        # A fixed-width label in an aligned layout gets one line's height unless told
        # how tall its wrapped text is: the message would be cut off.
        self.message.setMinimumHeight(self.message.heightForWidth(FORM_WIDTH_PX) if source else 0)

    def _show_new_pin(self, shown: bool) -> None:
        for field in (self.new_pin, self.repeat_pin):
            self._form.setRowVisible(field, shown)
            field.clear()
        self._label_button()

    def submit(self) -> None:
        """Check the id and PIN (or the new PIN); emit ``signed_in`` when all is well."""
        if self._pending is not None:
            self._set_new_pin(self._pending)
            return
        try:
            user = self._accounts.authenticate(self.user_id.text().strip(), self.pin.text())
        except AuthenticationError:
            self._refuse(WRONG_PIN, self.pin)
            return
        self.pin.clear()
        if self._accounts.must_change_pin(user.user_id):
            self._pending = user
            self._show_new_pin(True)
            self._say(FIRST_PIN)
            self.new_pin.setFocus()
            return
        self._done(user)

    def _set_new_pin(self, user: User) -> None:
        if self.new_pin.text() != self.repeat_pin.text():
            self._refuse(PINS_DIFFER, self.new_pin)
            return
        try:
            self._accounts.set_pin(user, self.new_pin.text())
        except ValueError:
            self._refuse(PIN_TOO_SHORT, self.new_pin)
            return
        self._done(user)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self._say(text)
        field.clear()
        if field is self.new_pin:
            self.repeat_pin.clear()
        field.setFocus()

    def _done(self, user: User) -> None:
        self._pending = None
        self._show_new_pin(False)
        self._say("")
        self.signed_in.emit(user)

    def reset(self) -> None:
        """Forget a half-finished sign-in and the last operator (after sign-out)."""
        self._pending = None
        self._show_new_pin(False)
        self.user_id.clear()
        self.pin.clear()
        self._say("")
        self.user_id.setFocus()

