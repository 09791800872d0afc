"""The sign-in screen: operator id and PIN, and a new PIN on first sign-in."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from rig.users import AuthenticationError, User

FORM_WIDTH_PX = 520


class Accounts(Protocol):
    """What the sign-in screen asks of the user store (``rig.users.UserStore``)."""

    def authenticate(self, user_id: str, pin: str) -> User: ...

    def must_change_pin(self, user_id: str) -> bool: ...

    def set_pin(self, user: User, new: str) -> None: ...


def _pin_field(placeholder: str) -> QLineEdit:
    return QLineEdit(placeholderText=placeholder, echoMode=QLineEdit.EchoMode.Password)


class SignInPage(QWidget):
    """Ask for an operator id and PIN; emit ``signed_in`` with the authenticated user.

    A user still holding a PIN someone else was shown (the administrator's
    one-time PIN, a new or reset account) chooses a new one before going on.
    """

    signed_in = Signal(object)  # rig.users.User

    def __init__(self, accounts: Accounts, station_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._pending: User | None = None
        title = QLabel(f"Massager test station {station_name}".strip())
        title.setStyleSheet("font-size: 24pt; font-weight: bold;")
        self.user_id = QLineEdit(placeholderText="operator id")
        self.pin = _pin_field("PIN")
        self.new_pin = _pin_field("new PIN, at least 4 digits")
        self.repeat_pin = _pin_field("the new PIN again")
        self.button = QPushButton("Sign in")
        self.message = QLabel(styleSheet="color: #c62828; font-weight: bold;", wordWrap=True)
        box = QWidget()
        box.setFixedWidth(FORM_WIDTH_PX)
        box.setStyleSheet("font-size: 16pt;")
        form = QFormLayout(box)
        form.addRow("Operator", self.user_id)
        form.addRow("PIN", self.pin)
        form.addRow("New PIN", self.new_pin)
        form.addRow("Repeat", self.repeat_pin)
        form.addRow(self.button)
        form.addRow(self.message)
        self._form = form
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(20)
        layout.addWidget(box, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self._show_new_pin(False)
        self.user_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self.new_pin.returnPressed.connect(self.repeat_pin.setFocus)
        self.repeat_pin.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)

    def _show_new_pin(self, shown: bool) -> None:
        for field in (self.new_pin, self.repeat_pin):
            self._form.setRowVisible(field, shown)
            field.clear()
        self.button.setText("Set PIN and sign in" if shown else "Sign in")

    def submit(self) -> None:
        """Check the id and PIN (or the new PIN); emit ``signed_in`` when all is well."""
        if self._pending is not None:
            self._set_new_pin(self._pending)
            return
        try:
            user = self._accounts.authenticate(self.user_id.text().strip(), self.pin.text())
        except AuthenticationError:
            self._refuse("Unknown operator or wrong PIN.", self.pin)
            return
        self.pin.clear()
        if self._accounts.must_change_pin(user.user_id):
            self._pending = user
            self._show_new_pin(True)
            self.message.setText("This PIN was for the first sign-in only: choose your own.")
            self.new_pin.setFocus()
            return
        self._done(user)

    def _set_new_pin(self, user: User) -> None:
        if self.new_pin.text() != self.repeat_pin.text():
            self._refuse("The two new PINs differ.", self.new_pin)
            return
        try:
            self._accounts.set_pin(user, self.new_pin.text())
        except ValueError as exc:
            self._refuse(f"{str(exc).capitalize()}.", self.new_pin)
            return
        self._done(user)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.message.setText(text)
        field.clear()
        if field is self.new_pin:
            self.repeat_pin.clear()
        field.setFocus()

    def _done(self, user: User) -> None:
        self._pending = None
        self._show_new_pin(False)
        self.message.clear()
        self.signed_in.emit(user)

    def reset(self) -> None:
        """Forget a half-finished sign-in (after sign-out)."""
        self._pending = None
        self._show_new_pin(False)
        self.pin.clear()
        self.message.clear()
        self.user_id.setFocus()
