"""The sign-in screen: operator id and PIN."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from rig.users import AuthenticationError, User

FORM_WIDTH_PX = 520


class SignInPage(QWidget):
    """Ask for an operator id and PIN; emit ``signed_in`` with the authenticated user."""

    signed_in = Signal(object)  # rig.users.User

    def __init__(self, authenticate: Callable[[str, str], User], station_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        title = QLabel(f"Massager test station {station_name}".strip())
        title.setStyleSheet("font-size: 24pt; font-weight: bold;")
        self.user_id = QLineEdit(placeholderText="operator id")
        self.pin = QLineEdit(placeholderText="PIN", echoMode=QLineEdit.EchoMode.Password)
        self.button = QPushButton("Sign in")
        self.message = QLabel(styleSheet="color: #c62828; font-weight: bold;")
        box = QWidget()
        box.setFixedWidth(FORM_WIDTH_PX)
        box.setStyleSheet("font-size: 16pt;")
        form = QFormLayout(box)
        form.addRow("Operator", self.user_id)
        form.addRow("PIN", self.pin)
        form.addRow(self.button)
        form.addRow(self.message)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(20)
        layout.addWidget(box, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.user_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)

    def submit(self) -> None:
        """Check the id and PIN; on success emit ``signed_in`` and clear the PIN."""
        try:
            user = self._authenticate(self.user_id.text().strip(), self.pin.text())
        except AuthenticationError:
            self.message.setText("Unknown operator or wrong PIN.")
            self.pin.clear()
            self.pin.setFocus()
            return
        self.message.clear()
        self.pin.clear()
        self.signed_in.emit(user)
